"""Every answer unit answers its own question: its title asked as a question and the paraphrases in
tests/paraphrases/*.yml (bokmål, nynorsk, no æøå with a typo) each get that unit – never the honest unknown, never
another unit. The target is 100 %; the share reached is gated at SELF_TEST_MIN_SHARE (figures and the gap in
docs/benchmarks.md; issue 20 stays open until it is 100 %). The model is loaded once, in this process (no servers),
and each question goes through the assistant's own answer decision (advisor/answer_decision.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.answer_choice import choose_answer
from advisor.topics import all_topics
from scripts.fit_answer_check import Parser, route
from tests.integration.servers import MODEL

PARAPHRASES = Path(__file__).resolve().parent.parent / "paraphrases"
MIN_PARAPHRASES = 3
# Measured 90.5 % (467 of 516) on the model of 3 December 2026 (round 4); the gate stops a regression, not the target.
SELF_TEST_MIN_SHARE = 0.86


def paraphrases() -> dict[str, list[str]]:
    units: dict[str, list[str]] = {}
    for path in sorted(PARAPHRASES.glob("*.yml")):
        for key, texts in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("units") or {}).items():
            units.setdefault(key, []).extend(texts)
    return units


def test_every_unit_has_a_title_question_and_three_paraphrases():
    units = paraphrases()
    missing = sorted(key for key in all_topics() if len(units.get(key, [])) < 1 + MIN_PARAPHRASES)
    assert not missing, f"units without a title question and {MIN_PARAPHRASES} paraphrases: {missing}"
    unknown = sorted(set(units) - set(all_topics()))
    assert not unknown, f"tests/paraphrases names units that are not in the catalogue: {unknown}"


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    if not Path(MODEL).exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train`")
    texts = [text for texts in paraphrases().values() for text in texts]
    return Parser(Path(MODEL)).parse_all(texts)


def test_every_unit_answers_its_own_questions(parsed):
    failures = []
    for key, texts in sorted(paraphrases().items()):
        for text in texts:
            parse = parsed[text]
            choice = choose_answer(text, [tuple(pair) for pair in parse["ranking"]], intent=parse["intent"],
                                   intent_confidence=parse["confidence"])
            got = route(text, parse, choice.key)
            if got != key:
                failures.append(f"{text!r}: expected {key}, got {got} (intent {parse['intent']} "
                                f"{parse['confidence']:.2f}; candidates "
                                f"{[(c.key, round(c.probability, 2)) for c in choice.candidates[:3]]})")
    total = sum(len(texts) for texts in paraphrases().values())
    share = 1 - len(failures) / total
    print(f"unit self-test: {total - len(failures)} of {total} questions got their own unit ({share:.1%})")
    assert share >= SELF_TEST_MIN_SHARE, (f"{len(failures)} of {total} questions did not get their own unit "
                                          f"({share:.1%} < {SELF_TEST_MIN_SHARE:.0%}):\n" + "\n".join(failures))
