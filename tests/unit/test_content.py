"""Content rules for the FAQ answers and their examples (data/nlu/faq_*.yml and the staff phrasings in
knowledge/phrasings/*.yml)."""

import re
from pathlib import Path

import pytest
import yaml

from advisor.facts import placeholders
from advisor.faq_content import render_answer
from advisor.topics import all_topics

ROOT = Path(__file__).resolve().parents[2]
FAQ_FILES = sorted((ROOT / "data" / "nlu").glob("faq_*.yml")) + sorted((ROOT / "knowledge" / "phrasings").glob("*.yml"))


def load_faq():
    examples, answers = {}, {}
    for path in FAQ_FILES:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in content.get("nlu") or []:
            key = block["intent"].split("/", 1)[1]
            lines = block["examples"].splitlines()
            examples.setdefault(key, []).extend(line[2:].strip() for line in lines if line.strip().startswith("- "))
        for name, variants in (content.get("responses") or {}).items():
            answers[name.split("/", 1)[1]] = [variant["text"] for variant in variants]
    return examples, answers


EXAMPLES, ANSWERS = load_faq()
TOPICS = all_topics()

# Claims the fact sheet marks LAV/UVERIFISERT (or as wrong): they must never appear as facts.
FORBIDDEN = [
    (r"§\s*12-1\b", "§ 12-1 is not confirmed as the dialogue paragraph"),
    (r"57,9\s*mill", "57,9 mill. is a wrong figure; use 57,8"),
    (r"Prop\.?\s*78\s*L", "Prop. 78 L is a mistaken reference"),
    (r"2,4\s*mill", "2,4 mill. for 2022 is contradicted by KS"),
    (r"to ganger kontraktens verdi|2 ganger kontraktsverdien", "turnover rule is UVERIFISERT in Norwegian law"),
    (r"nasjonal terskelverdi (er|på) 100 000", "100 000 kr is the lower limit, not the national threshold"),
    (r"300 000", "300 000 kr was only the proposal; the Storting adopted 500 000 kr"),
    (r"\bforeslår\b", "the amendments were adopted: say what was proposed in the past tense"),
    (r"åtte områder", "the course lists nine areas of innovation"),
]


def test_every_catalogue_topic_has_examples_and_an_answer():
    assert set(TOPICS) == set(EXAMPLES) == set(ANSWERS)
    assert len(TOPICS) >= 45


@pytest.mark.parametrize("key", sorted(TOPICS))
def test_each_topic_has_at_least_12_distinct_examples(key):
    examples = EXAMPLES[key]
    assert len(examples) >= 12
    assert len(set(e.lower() for e in examples)) == len(examples)


def test_no_example_belongs_to_two_topics():
    owner = {}
    for key, examples in EXAMPLES.items():
        for example in examples:
            assert owner.setdefault(example.lower(), key) == key, f"«{example}» in {owner[example.lower()]} and {key}"


@pytest.mark.parametrize("key", sorted(TOPICS))
def test_answer_is_short_with_read_more_and_source_last(key):
    for text in ANSWERS[key]:
        lines = [line for line in text.strip().splitlines() if line.strip()]
        assert lines[-1].strip() == "{kilde}", "the last line is the source block, filled in from knowledge/"
        assert lines[-2].startswith("Les mer: https://")
        body = text.split("Les mer:")[0]
        assert len(body.split()) <= 130, f"{len(body.split())} words before «Les mer»"
    shown = render_answer(key).splitlines()
    assert shown[-1].startswith("Kilde:") and "{" not in "\n".join(shown)


@pytest.mark.parametrize("key", sorted(TOPICS))
def test_every_answer_shows_its_sources_and_a_check_date(key):
    assert TOPICS[key].sources and TOPICS[key].checked, "sources and checked belong in knowledge/faq_topics.yml"
    source = render_answer(key).splitlines()[-1]
    assert re.search(r"\(kontrollert \w+ 20\d\d\)\.$", source), source


@pytest.mark.parametrize("key", sorted(k for k, t in TOPICS.items() if t.legal))
def test_legal_answers_cite_a_rule(key):
    source = render_answer(key).splitlines()[-1]
    assert re.search(r"§|forskrift|loven|Prop\.|anskaffelser\.no|veileder|NFD", source, re.IGNORECASE), source


@pytest.mark.parametrize("key", sorted(TOPICS))
def test_answers_name_only_known_facts(key):
    from advisor.facts import values_for

    for text in ANSWERS[key]:
        values_for(placeholders(text))  # raises for unknown facts and for facts that may not be stated


@pytest.mark.parametrize("key", sorted(TOPICS))
def test_no_unverified_claims(key):
    for text in ANSWERS[key]:
        for pattern, reason in FORBIDDEN:
            assert not re.search(pattern, text, re.IGNORECASE), reason


def test_answers_use_only_the_safe_markup_the_widget_renders():
    for key, texts in ANSWERS.items():
        for text in texts:
            assert not re.search(r"<[a-zA-Z/]", text), f"{key} contains HTML"


def _example_texts(path: Path) -> set[str]:
    """All example lines of an NLU file, entity markup removed, lower-cased."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = set()
    for block in content.get("nlu") or []:
        for line in (block.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                plain = re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:])
                texts.add(plain.strip().lower())
    return texts


def test_held_out_nlu_set_shares_no_example_with_the_training_data():
    training = set().union(*(_example_texts(path) for path in [*(ROOT / "data" / "nlu").glob("*.yml"), *FAQ_FILES]))
    held_out = _example_texts(ROOT / "tests" / "nlu_test.yml")
    assert len(held_out) >= 300
    assert not held_out & training, f"in both: {sorted(held_out & training)[:10]}"


def test_domain_buttons_come_out_of_rasas_slot_filling_as_valid_payloads(monkeypatch):
    """Rasa fills «{slot}» placeholders in responses; JSON payloads must survive that without log errors."""
    import json

    from rasa.core.nlg import interpolator

    errors = []
    monkeypatch.setattr(interpolator.structlogger, "exception", lambda *args, **kwargs: errors.append(kwargs))
    interpolate = interpolator.interpolate

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    slots = dict.fromkeys(domain["slots"])
    checked = 0
    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in variant.get("buttons", []):
                payload = interpolate(button["payload"], slots)
                if "{" in payload:
                    intent, entities = payload.split("{", 1)
                    assert intent.startswith("/") and json.loads("{" + entities), name
                    assert entities.count("{") == 0, f"{name}: {payload}"
                    assert json.loads("{" + entities)["topic"] in TOPICS, name
                    checked += 1
    assert checked >= 5
    assert not errors, errors[0]


def test_procedure_chooser_texts_cover_every_question():
    from advisor.procedure import QUESTION_ORDER

    texts = yaml.safe_load((ROOT / "knowledge" / "prosedyrevalg.yml").read_text(encoding="utf-8"))
    assert set(QUESTION_ORDER) <= set(texts["why"])
    assert {"buyer_type", "contract_type", "estimated_value", "ja_nei"} <= set(texts["unclear_answer"])
    assert set(texts["correction_labels"]) == {"buyer_type", "contract_type", "estimated_value"}


@pytest.mark.parametrize("day", ["2026-07-01", "2026-12-02", "2027-06-30"])
def test_every_answer_renders_on_any_day_since_the_amendments(day):
    from datetime import date

    for key in TOPICS:
        shown = render_answer(key, date.fromisoformat(day))
        assert "{" not in shown and shown.splitlines()[-1].startswith("Kilde:"), key


def test_the_lower_limit_answer_follows_the_day():
    from datetime import date

    assert "**Nedre grense er 500 000 kr ekskl. mva.** fra 1. juli 2026. Før det var grensen 100 000 kr." in \
        render_answer("lov_nedre_grense", date(2026, 12, 2))


def test_only_the_out_of_scope_response_records_an_honest_unknown():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    recorded = {name for name, variants in domain["responses"].items()
                if any((variant.get("custom") or {}).get("answer") for variant in variants)}
    assert recorded == {"utter_out_of_scope"}
    assert domain["responses"]["utter_out_of_scope"][0]["custom"]["answer"]["kind"] == "unknown"


def test_one_parser_reads_topic_keys_from_response_keys():
    from advisor.topics import topic_key_from_response_key

    assert topic_key_from_response_key("faq/lov_dialog_lovlig") == "lov_dialog_lovlig"
    assert topic_key_from_response_key("utter_faq/lov_dialog_lovlig") == "lov_dialog_lovlig"
    for not_a_key in ("faq/", "faq", "", None, 42):
        assert topic_key_from_response_key(not_a_key) is None
