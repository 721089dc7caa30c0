"""The checklist: content file, answer parsing, scoring, summary and note."""

from datetime import date

import pytest

from advisor.checklist import (
    NO,
    PARTIAL,
    UNSURE,
    YES,
    first_unanswered,
    is_explanation_request,
    load_checklist,
    normalise_answer,
    question_prompt,
    score,
    summary_note,
    summary_text,
)

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def test_content_file_is_valid(checklist):
    assert 8 <= len(checklist.questions) <= 12
    assert len({q.id for q in checklist.questions}) == len(checklist.questions)
    assert all(q.phase in checklist.phases for q in checklist.questions)
    assert "ikke LUPs offisielle sjekkliste" in checklist.note


@pytest.mark.parametrize(
    "broken, message",
    [
        ("- id: a\n    phase: behov\n    text: t\n    why: w\n    advice: a\n    source: s\n  - id: a\n    phase: behov\n"
         "    text: t\n    why: w\n    advice: a\n    source: s\n", "to ganger"),
        ("- id: a\n    phase: behov\n    text: t\n    why: w\n    source: s\n", "mangler: advice"),
        ("- id: a\n    phase: ukjent\n    text: t\n    why: w\n    advice: a\n    source: s\n", "ukjent fase"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(tmp_path, broken, message):
    path = tmp_path / "sjekkliste.yml"
    path.write_text("title: T\nphases:\n  - {id: behov, name: Behov}\nquestions:\n  " + broken, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_checklist(path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ja", YES), ("Ja!", YES), ("jo", YES), ("ja da", YES), ("jepp", YES), ("jaa", YES), ("absolutt", YES),
        ("det har vi", YES), ("yes", YES), ("ok ja", YES), ("ja takk", YES), ("stemmer", YES),
        ("delvis", PARTIAL), ("litt", PARTIAL), ("nja", PARTIAL), ("til dels", PARTIAL), ("på en måte", PARTIAL),
        ("pa en mate", PARTIAL), ("sånn halvveis", PARTIAL), ("noe", PARTIAL), ("delvis, vi har starta", PARTIAL),
        ("nei ikke helt", PARTIAL),
        ("nei", NO), ("nope", NO), ("ikke ennå", NO), ("ikkje enno", NO), ("ikke enda", NO), ("nei ikke ennå", NO),
        ("nei, ikkje", NO), ("ikke påbegynt", NO), ("har ikke", NO), ("Nei.", NO),
        ("vet ikke", UNSURE), ("veit ikkje", UNSURE), ("usikker", UNSURE), ("tja", UNSURE), ("aner ikke", UNSURE),
        ("kanskje", UNSURE), ("vet ikke helt", UNSURE), ("ikke sikker", UNSURE), ("vet_ikke", UNSURE),
    ],
)
def test_answers_in_bokmal_nynorsk_and_ascii(text, expected):
    assert normalise_answer(text) == expected


@pytest.mark.parametrize(
    "text",
    ["hva er terskelverdien for kommuner", "hva betyr det", "kva betyr det?", "hvorfor spør du", "", "forklar",
     "kan du si litt mer om hvordan vi skal gjennomføre dialogen med markedet i praksis"],
)
def test_non_answers(text):
    assert normalise_answer(text) is None


@pytest.mark.parametrize("text", ["hva betyr det?", "kva betyr det", "hvorfor spør du?", "korfor spør du", "forklar", "hva mener du"])
def test_explanation_requests(text):
    assert is_explanation_request(text)


def test_prompt_shows_number_and_total(checklist):
    assert question_prompt(checklist, 2).startswith(f"Spørsmål 3 av {len(checklist.questions)}: ")


def test_first_unanswered_follows_the_file_order(checklist):
    ids = [q.id for q in checklist.questions]
    assert first_unanswered(checklist, {}) == ids[0]
    assert first_unanswered(checklist, {ids[0]: YES}) == ids[1]
    assert first_unanswered(checklist, dict.fromkeys(ids, NO)) is None


def test_score_counts_and_verdicts():
    assert score({"a": YES, "b": YES, "c": YES, "d": YES, "e": PARTIAL}).verdict.startswith("Dere har et godt")
    assert score({"a": YES, "b": NO}).verdict.startswith("Dere er godt i gang")
    assert score({"a": NO, "b": UNSURE}).gaps == 2
    assert score({}, total=10).unanswered == 10


@pytest.mark.parametrize("answer", [YES, PARTIAL, NO, UNSURE])
def test_summary_for_every_answer_class(checklist, answer):
    answers = {q.id: answer for q in checklist.questions}
    text = summary_text(checklist, answers, TODAY)
    assert text.split()[0] == "Oppsummering:"
    assert text.splitlines()[-1].startswith("Kilde:")
    expected_in_place = len(checklist.questions) if answer == YES else 0
    assert f"{expected_in_place} av {len(checklist.questions)}" in text
    for question in checklist.questions:
        shown = question.advice_partial if answer == PARTIAL and question.advice_partial else question.advice
        assert (shown in text) == (answer != YES)


def test_mixed_summary_orders_gaps_by_phase(checklist):
    questions = list(checklist.questions)
    answers = {q.id: YES for q in questions}
    answers[questions[-1].id] = NO  # last phase
    answers[questions[0].id] = UNSURE  # first phase
    text = summary_text(checklist, answers, TODAY)
    assert text.index(questions[0].advice) < text.index(questions[-1].advice)


def test_note_has_date_every_question_and_answer(checklist):
    answers = {checklist.questions[0].id: YES, checklist.questions[1].id: PARTIAL}
    note = summary_note(checklist, answers, TODAY)
    assert "23.11.2026" in note and "ikke juridisk rådgivning" in note
    for question in checklist.questions:
        assert question.text in note
    assert "**Ja**" in note and "**Delvis**" in note and "**Ikke besvart**" in note
