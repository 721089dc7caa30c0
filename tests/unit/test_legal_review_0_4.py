"""The errors the legal review of 3 December 2026 found (fact sheet section 0.4) stay fixed.

One test per item; the three serious ones (§ 4 below the EØS threshold, splitting a purchase, an unconditional
«Ja» to negotiation) look at every rendered answer text: the general answers, the per-part answers in
knowledge/part_answers/*.yml and the procedure chooser's texts."""

import re
from datetime import date

import pytest

from advisor import facts
from advisor.faq_content import faq_content, render_answer
from advisor.knowledge import knowledge_dir, load_yaml
from advisor.topics import all_topics

DAY = date(2026, 12, 2)
PARTS = ("unntatt", "del_I", "del_II", "del_III", "del_IV")


def general_answers() -> dict[str, str]:
    """Every general answer as the user sees it on DAY."""
    topics = all_topics()
    return {key: render_answer(key, DAY) for key in faq_content().answers if key in topics}


def part_answers() -> dict[tuple[str, str], str]:
    """Every per-part answer, facts filled in (the «{kilde}» line is the same as for the general answer)."""
    texts = {}
    folder = knowledge_dir() / "part_answers"
    for path in sorted(folder.glob("*.yml")):
        for key, parts in (load_yaml(f"part_answers/{path.name}") or {}).get("units", {}).items():
            for part, text in parts.items():
                texts[(key, part)] = facts.fill(text, DAY, extra={"kilde": ""})
    return texts


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def chooser_and_checklist_texts() -> list[str]:
    return [*_strings(load_yaml("prosedyrevalg.yml")), *_strings(load_yaml("sjekkliste.yml"))]


def every_text() -> dict[str, str]:
    texts = {f"faq {key}": text for key, text in general_answers().items()}
    texts.update({f"part {key} {part}": text for (key, part), text in part_answers().items()})
    texts.update({f"knowledge text {n}": text for n, text in enumerate(chooser_and_checklist_texts())})
    return texts


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+|\n", text) if s.strip()]


# --- § 4 (serious) -----------------------------------------------------------------------------------------

# Anskaffelsesloven § 4 or the principles it holds (not § 4 of another regulation, not § 4-5).
SECTION_4 = re.compile(r"lov(en|ens)? § 4(?![-\d])|grunnleggende (prinsipp|krav)", re.IGNORECASE)
CLAIMS_SECTION_4_APPLIES = [
    re.compile(r"følg\w* de grunnleggende", re.IGNORECASE),
    re.compile(r"grunnleggende (prinsippene|kravene)[^.]*\b(gjelder|må følges)\b", re.IGNORECASE),
    re.compile(r"prinsippene gjelder (fortsatt|også)", re.IGNORECASE),
    re.compile(r"\(anskaffelsesloven § 4\)"),
]


def test_no_text_claims_section_4_applies_below_the_eea_threshold():
    offences = []
    for name, text in every_text().items():
        if name.startswith("knowledge text") and text.strip().startswith("anskaffelsesloven § 4"):
            offences.append((name, text))  # a legal basis line that names § 4 as in force
        for sentence in _sentences(text):
            if any(p.search(sentence) for p in CLAIMS_SECTION_4_APPLIES) and "over EØS" not in sentence:
                offences.append((name, sentence))
        if not SECTION_4.search(text):
            continue
        # Whoever names § 4 says what lov_grunnprinsipper says: the repeal was proposed, the outcome is not
        # confirmed, read § 4 on lovdata.no.
        if not ("foreslo" in text and "lovdata" in text):
            offences.append((name, "names § 4 without the reservation"))
    assert not offences, offences


def test_the_procedure_chooser_no_longer_gives_section_4_as_legal_basis():
    direct = load_yaml("prosedyrevalg.yml")["recommendations"]["direct"]
    assert not any("§ 4" in item for item in direct["legal_basis"] if isinstance(item, str))
    assert "foreslo" in direct["why"] and "lovdata.no" in direct["why"]


# --- Splitting a purchase (serious) ----------------------------------------------------------------------

@pytest.mark.parametrize("key", ["lov_nedre_grense", "lov_forskrift_deler", "prosedyre_direkte",
                                 "prosedyre_oversikt"])
def test_threshold_answers_forbid_splitting_and_say_how_the_value_is_counted(key):
    text = render_answer(key, DAY)
    assert re.search(r"(forbudt å|kan ikke) dele opp", text), key
    assert "§ 5-4" in text and "opsjoner" in text, key


def test_the_lower_limit_answer_gives_the_whole_rule_on_splitting():
    text = render_answer("lov_nedre_grense", DAY)
    assert "Det er forbudt å dele opp en anskaffelse for å komme under en grense" in text
    assert "samlede anslåtte verdien" in text and "forlengelser" in text and "uten mva" in text


def test_the_value_question_of_the_procedure_chooser_warns_against_splitting():
    why = load_yaml("prosedyrevalg.yml")["why"]["estimated_value"]
    assert "dele opp" in why and "§ 5-4" in why


# --- Negotiation: no unconditional «Ja» (serious) ------------------------------------------------------------

@pytest.mark.parametrize("key", ["prosedyre_forhandling_del2", "prosedyre_forhandling"])
def test_the_general_negotiation_answer_covers_both_sides_of_the_eea_threshold(key):
    text = render_answer(key, DAY)
    assert not re.match(r"\W*Ja\b", text), "the general answer may not open with an unconditional «Ja»"
    assert "§ 13-2" in text and re.search(r"ønsker å forhandle[^.]*er ikke et", text)
    assert "Under EØS-terskelverdi (del II)" in text and "kunngjøringen eller konkurransegrunnlaget" in text


@pytest.mark.parametrize("key", ["prosedyre_forhandling_del2", "prosedyre_forhandling"])
def test_the_part_iii_negotiation_answer_says_wanting_to_negotiate_is_no_ground(key):
    text = part_answers()[(key, "del_III")]
    assert not re.match(r"\W*Ja\b", text)
    assert "§ 13-2" in text and "At du ønsker å forhandle, for eksempel om prisen, er ikke et vilkår" in text


# --- The other items of section 0.4 ---------------------------------------------------------------------

def test_the_day_that_decides_the_rules_is_when_the_procurement_started():
    text = render_answer("lov_nedre_grense", DAY)
    assert "når anskaffelsen ble startet" in text and "ikke fått bekreftet" in text
    assert "når anskaffelsen ble startet" in render_answer("lov_lovendring", DAY)


def test_the_500000_source_line_names_the_secondary_sources_and_the_vote_date_is_attributed():
    lower = facts.fact("nedre_grense", DAY)
    assert "ifølge" in lower.source and "Innst. 38 L" in lower.source  # not Prop. 147 L alone
    voted = facts.fact("lovendring_vedtatt", DAY)
    assert voted.confidence == "MIDDELS" and voted.attribution
    assert "(ifølge" in render_answer("lov_lovendring", DAY)


def test_extending_a_contract_without_an_option_is_as_a_rule_an_illegal_direct_award():
    text = render_answer("lov_kontraktsendring", DAY)
    assert "ulovlig direkte anskaffelse" in text and "28-2" in text
    assert "ikke helt avklart" not in text and "uavklart" not in text


def test_complaints_name_the_infringement_fine_and_ineffectiveness():
    text = render_answer("lov_klage", DAY)
    assert "overtredelsesgebyr på inntil 15 %" in text and "«uten virkning»" in text
    assert facts.fact("overtredelsesgebyr_maks", DAY).confidence == "HØY"


def test_a_framework_agreement_states_its_maximum():
    text = render_answer("lov_rammeavtale", DAY)
    assert "største mengde eller verdi" in text and "C-23/20" in text
    assert facts.fact("rammeavtale_maksimum", DAY).confidence == "MIDDELS-HØY"


def test_the_amendments_answer_no_longer_says_the_eea_rules_are_unchanged():
    text = render_answer("lov_lovendring", DAY)
    assert "EØS-reglene er ikke endret" not in text
    assert "terskelverdier fra 1. januar 2026" in text


def test_the_30_percent_rule_carries_the_reservation_everywhere():
    reservation = re.compile(r"(ikke fått bekreftet|har jeg ikke).*lovdata", re.DOTALL)
    assert reservation.search(render_answer("metode_tildelingskriterier", DAY))
    assert reservation.search(render_answer("lov_klima_miljo", DAY))
    checklist = next(q for q in load_yaml("sjekkliste.yml")["questions"] if q["id"] == "tildelingskriterier")
    assert "30 prosent" in checklist["why"] and reservation.search(checklist["why"])


def test_automatic_disqualification_is_named():
    text = render_answer("lov_habilitet", DAY)
    assert "automatisk inhabil" in text and "§ 6 første ledd" in text


def test_a_free_pilot_is_explained():
    text = render_answer("praksis_pilot", DAY)
    assert "helt gratis" in text and "ikke en anskaffelse" in text
    assert "eksklusivitet" in text and "senere kjøp" in text and "data" in text


def test_section_23_of_the_freedom_of_information_act_is_worded_the_same_in_both_units():
    sentence = ("kan unntas fra innsyn til valget av leverandør er gjort (offentleglova § 23 tredje ledd)")
    for key in ("lov_forretningshemmeligheter", "lov_innsyn"):
        text = render_answer(key, DAY)
        assert "Tilbud og anskaffelsesprotokoll" in text and sentence in text, key
        assert "bør sjekkes" not in text and "advokatnyhetsbrev" not in text, key


# --- The per-part answers follow the answer rules ---------------------------------------------------------

def test_every_part_answer_is_short_names_a_known_part_and_ends_with_its_source():
    topics = all_topics()
    folder = knowledge_dir() / "part_answers"
    found = 0
    for path in sorted(folder.glob("*.yml")):
        for key, parts in (load_yaml(f"part_answers/{path.name}") or {}).get("units", {}).items():
            assert key in topics, key
            for part, text in parts.items():
                assert part in PARTS, (key, part)
                lines = [line for line in text.strip().splitlines() if line.strip()]
                assert lines[-1].strip() == "{kilde}" and lines[-2].startswith("Les mer: https://"), (key, part)
                assert len(text.split("Les mer:")[0].split()) <= 110, (key, part)
                facts.values_for(facts.placeholders(text), DAY)  # only facts that may be stated
                assert not re.search(r"\d[\d  ]*(kr\b|mill)", text), (key, part)
                found += 1
    assert found >= 40
