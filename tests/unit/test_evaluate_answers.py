"""The scoring of make evaluate-answers: right / honest unknown / wrong from a turn's answer record."""

from pathlib import Path

import yaml

from scripts.evaluate_answers import RIGHT, UNKNOWN, WRONG, gate, load_all, outcome_of, score, summary


def record(kind, topic=None):
    return {"recipient_id": "x", "custom": {"answer": {"kind": kind, "topic": topic, "legal": False}}}


def test_outcome_is_read_from_the_answer_record():
    assert outcome_of([{"text": "svar"}, record("faq", "metode_steg")]) == "metode_steg"
    assert outcome_of([record("threshold", "terskelverdier")]) == "terskel"
    assert outcome_of([record("procedure_chooser")]) == "prosedyrevalg"
    assert outcome_of([record("unknown")]) == "unknown"
    assert outcome_of([{"text": "Hei!"}]) == "annet"


def test_a_neighbouring_answer_is_wrong_and_the_honest_unknown_is_never_wrong():
    assert score("praksis_risiko", "praksis_risiko") == RIGHT
    assert score("praksis_risiko", "metode_hvorfor") == WRONG
    assert score("praksis_risiko", "unknown") == UNKNOWN
    assert score("unknown", "unknown") == UNKNOWN
    assert score("unknown", "annet") == WRONG
    assert score(["lov_nedre_grense", "terskel"], "terskel") == RIGHT


def test_summary_shares():
    rows = [{"expect": "a", "score": RIGHT}, {"expect": "b", "score": WRONG},
            {"expect": "unknown", "score": WRONG}, {"expect": "unknown", "score": UNKNOWN}]
    result = summary(rows)
    assert result["wrong_share"] == 0.5 and result["right_of_answerable"] == 0.5
    assert result["unknown_of_unanswerable"] == 0.5


def test_the_question_set_is_large_labelled_and_apart_from_the_training_data():
    from advisor.topics import all_topics
    from tests.unit.test_content import _example_texts

    root = Path(__file__).resolve().parents[2]
    items = load_all()
    assert len(items) >= 200
    labels = set(all_topics()) | {"terskel", "prosedyrevalg", "sjekkliste", "unknown"}
    assert set().union(*({*e} if isinstance(e, list) else {e} for _, e in items)) <= labels
    # Enough questions no unit answers to measure the honest unknown (new units turn some into answerable ones).
    unanswerable = sum(expected == "unknown" for _, expected in items)
    assert unanswerable >= 50 and unanswerable >= len(items) / 20
    training = set().union(*(_example_texts(path) for path in (root / "data" / "nlu").glob("*.yml")))
    questions = {turns[-1].lower().strip() for turns, _ in items}
    assert not questions & training, sorted(questions & training)[:5]
    assert yaml.safe_load((root / "tests" / "questions" / "sporsmal.yml").read_text(encoding="utf-8"))


def test_the_gate_reads_the_locked_part():
    passing = {"wrong_share": 0.02, "right_of_answerable": 0.9}
    assert gate(passing, 0.03, 0.88) == 0
    assert gate({**passing, "wrong_share": 0.04}, 0.03, 0.88) == 1
    assert gate({**passing, "right_of_answerable": 0.8}, 0.03, 0.88) == 1
