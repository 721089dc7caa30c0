"""The checklist «Kan anskaffelsen gjøres innovativ?»: content file, stepping, scoring, summary, note."""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from advisor import checklist as checklist_module
from advisor.checklist import (
    ANSWER_VALUES,
    GOOD_SHARE,
    NO,
    PARTIAL,
    SOME_WORK_SHARE,
    UNSURE,
    YES,
    Score,
    first_unanswered,
    format_sources,
    load_checklist,
    question_prompt,
    score,
    summary_note,
    summary_text,
)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "knowledge" / "sjekkliste.yml"
TODAY = date(2026, 11, 23)
PHASES = ["forankring", "planlegging", "behov", "dialog", "konkurransegrunnlag", "konkurranse", "oppfolging"]
LUP_COURSE = "LUP, kurs «Innovative anskaffelser – hvordan gjør vi det?» (2019)"


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def words(text):
    return len(text.split())


def sentences(text):
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


# ------------------------------------------------------------------------------------------------
# The content file


def test_content_file_validates_and_has_the_agreed_shape(checklist):
    assert checklist.title == "Kan anskaffelsen gjøres innovativ?"
    assert [phase.id for phase in checklist.phases] == PHASES
    assert all(phase.name for phase in checklist.phases)
    assert 8 <= len(checklist.questions) <= 12
    ids = [q.id for q in checklist.questions]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", qid) and len(qid) <= 30 for qid in ids)
    assert all(q.phase in PHASES for q in checklist.questions)
    # The walk asks in file order; the file follows the process so the walk and the summary agree.
    ranks = [PHASES.index(q.phase) for q in checklist.questions]
    assert ranks == sorted(ranks)


def test_note_says_the_questions_are_the_projects_own(checklist):
    assert "prosjektets egne" in checklist.note
    assert "ikke LUPs offisielle sjekkliste" in checklist.note
    assert "2019" in checklist.note
    header = CONTENT.read_text(encoding="utf-8").split("\ntitle:")[0]
    assert "ble ikke funnet" in header and "prosjektets egne" in header


@pytest.mark.parametrize("index", range(10))
def test_each_question_follows_the_writing_rules(checklist, index):
    if index >= len(checklist.questions):
        pytest.skip("fewer questions")
    q = checklist.questions[index]
    assert q.text.endswith("?") and words(q.text) <= 25
    assert 1 <= sentences(q.why) <= 3
    assert words(q.advice) <= 50
    assert q.advice_partial is None or words(q.advice_partial) <= 50
    for text in (q.text, q.why, q.advice, q.advice_partial or ""):
        assert not re.search(r"\b(dere|Dere|De)\b", text), "address the user with «du»"
        assert "**" not in text, "bold is added by the code"
    if "§" in q.source:
        assert re.search(r"\(kontrollert \w+ 20\d\d\)$", q.source), "legal sources say when they were checked"


def test_the_questions_cover_the_method(checklist):
    by_phase = {
        phase: " ".join(q.text + " " + q.advice for q in checklist.questions if q.phase == phase) for phase in PHASES
    }
    assert "ledelsen" in by_phase["forankring"] and "planer" in by_phase["forankring"]
    assert "tverrfaglig" in by_phase["planlegging"] and "brukere" in by_phase["planlegging"]
    assert "tid" in by_phase["planlegging"]
    assert "behov" in by_phase["behov"] and "løsning" in by_phase["behov"]
    assert "Doffin" in by_phase["dialog"] and "fire uker" in by_phase["dialog"]
    assert "veiledende kunngjøring" in by_phase["dialog"]
    grunnlag = by_phase["konkurransegrunnlag"]
    assert "funksjon" in grunnlag and "kvalifikasjonskrav" in grunnlag and "tildelingskriter" in grunnlag
    assert "forhandling" in by_phase["konkurranse"]
    assert "effekter" in by_phase["oppfolging"] and "evaluer" in by_phase["oppfolging"]


def test_the_procedure_question_cites_the_regulation_and_covers_a_market_without_solutions(checklist):
    procedure = next(q for q in checklist.questions if q.phase == "konkurranse")
    assert "§ 13-2" in procedure.why and "13-2" in procedure.source and "2-5" in procedure.source
    assert "(kontrollert januar 2026)" in procedure.source
    assert "innovasjonspartnerskap" in procedure.advice and "§ 2-5" in procedure.advice
    assert "før-kommersiell" in procedure.advice


def test_method_questions_cite_the_lup_course(checklist):
    cited = [q for q in checklist.questions if LUP_COURSE in q.source]
    assert len(cited) >= len(checklist.questions) - 1


# Claims the fact sheet marks LAV/UVERIFISERT, or facts that are wrong: never in the checklist.
FORBIDDEN = [
    r"§\s*12-1\b",
    r"to ganger (kontrakt|omsetning)",
    r"300 000",
    r"§\s*13 \(3\)",
    r"LUPs (offisielle )?sjekkliste (sier|spør)",
    r"30 til 15 min",
    r"3 mill",
]


def test_no_unverified_claims_in_the_content():
    text = CONTENT.read_text(encoding="utf-8")
    for pattern in FORBIDDEN:
        assert not re.search(pattern, text, re.IGNORECASE), pattern


# ------------------------------------------------------------------------------------------------
# Loading and validation

VALID_QUESTION = (
    "  - id: {id}\n    phase: {phase}\n    text: Spørsmål?\n    why: Fordi.\n    advice: Gjør noe.\n    source: S\n"
)


VALID_HEAD = "title: T\nnote: N\nphases:\n  - {id: behov, name: Behov}\n  - {id: dialog, name: Dialog}\n"


def write(tmp_path, body, head=VALID_HEAD):
    path = tmp_path / "sjekkliste.yml"
    path.write_text(head + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body, head, message",
    [
        ("questions:\n" + VALID_QUESTION.format(id="a", phase="behov") * 2, None, "«a» finnes to ganger"),
        ("questions:\n  - id: a\n    phase: behov\n    text: t\n    why: w\n    source: s\n", None, "mangler: advice"),
        ("questions:\n  - id: a\n    phase: behov\n    text: ''\n    why: w\n    advice: a\n    source: s\n", None,
         "mangler: text"),
        ("questions:\n  - phase: behov\n    text: t\n    why: w\n    advice: a\n", None, "mangler: id, source"),
        ("questions:\n" + VALID_QUESTION.format(id="a", phase="ukjent"), None, "ukjent fase «ukjent»"),
        ("questions:\n" + VALID_QUESTION.format(id="Med Mellomrom", phase="behov"), None, "ugyldig id"),
        ("questions:\n" + VALID_QUESTION.format(id="a", phase="behov") + "    advise: skrivefeil\n", None,
         "ukjent felt: advise"),
        ("questions: []\n", None, "questions"),
        ("questions:\n" + VALID_QUESTION.format(id="a", phase="behov"), "note: N\nphases:\n  - {id: behov, name: B}\n",
         "«title» mangler"),
        ("questions:\n" + VALID_QUESTION.format(id="a", phase="behov"), "title: T\nphases:\n  - {id: behov, name: B}\n",
         "«note» mangler"),
        ("questions:\n" + VALID_QUESTION.format(id="a", phase="behov"), "title: T\nnote: N\n", "phases"),
        ("- bare en liste\n", "", "må inneholde"),
        ("questions: [a, b\n", None, "ikke gyldig YAML"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(tmp_path, body, head, message):
    path = write(tmp_path, body) if head is None else write(tmp_path, body, head)
    with pytest.raises(ValueError, match=re.escape(message)):
        load_checklist(path)


def test_a_missing_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="Fant ikke"):
        load_checklist(tmp_path / "finnes-ikke.yml")


def test_default_path_is_the_repository_file_and_the_env_var_moves_the_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("ANSKAFFELSESLOSEN_KNOWLEDGE_DIR", raising=False)
    assert checklist_module.default_checklist_path() == CONTENT
    assert load_checklist() == load_checklist(CONTENT)
    write(tmp_path, "questions:\n" + VALID_QUESTION.format(id="eget", phase="dialog"))
    monkeypatch.setenv("ANSKAFFELSESLOSEN_KNOWLEDGE_DIR", str(tmp_path))
    assert [q.id for q in load_checklist().questions] == ["eget"]


def test_edits_to_the_file_are_picked_up_without_a_restart(tmp_path):
    path = tmp_path / "sjekkliste.yml"
    shutil.copy(CONTENT, path)
    before = load_checklist(path)
    path.write_text(path.read_text(encoding="utf-8").replace(before.title, "Ny tittel"), encoding="utf-8")
    assert load_checklist(path).title == "Ny tittel"


# ------------------------------------------------------------------------------------------------
# Walking through the questions


def test_prompt_shows_number_total_and_text(checklist):
    total = len(checklist.questions)
    assert question_prompt(checklist, 0) == f"Spørsmål 1 av {total}: {checklist.questions[0].text}"
    assert question_prompt(checklist, 2) == f"Spørsmål 3 av {total}: {checklist.questions[2].text}"
    with pytest.raises(IndexError):
        question_prompt(checklist, total)
    with pytest.raises(IndexError):
        question_prompt(checklist, -1)


def test_first_unanswered_follows_the_file_order(checklist):
    ids = [q.id for q in checklist.questions]
    assert first_unanswered(checklist, {}) == ids[0]
    assert first_unanswered(checklist, {ids[0]: YES}) == ids[1]
    assert first_unanswered(checklist, {ids[0]: YES, ids[2]: NO}) == ids[1]
    assert first_unanswered(checklist, {ids[0]: "noe tull"}) == ids[0]
    assert first_unanswered(checklist, dict.fromkeys(ids, UNSURE)) is None


# ------------------------------------------------------------------------------------------------
# Scoring


def test_score_all_yes():
    result = score(dict.fromkeys("abcdefghij", YES))
    assert (result.in_place, result.partial, result.gaps, result.unanswered, result.total) == (10, 0, 0, 0, 10)
    assert result.level == "godt_grunnlag" and result.verdict.startswith("Du har et godt grunnlag")


def test_score_all_no():
    result = score(dict.fromkeys("abcdefghij", NO))
    assert (result.in_place, result.gaps, result.total) == (0, 10, 10)
    assert result.level == "mye_arbeid" and "arbeid igjen" in result.verdict


def test_score_mixed_counts_unsure_as_a_gap_and_partial_as_half():
    answers = {"a": YES, "b": YES, "c": YES, "d": YES, "e": YES, "f": PARTIAL, "g": PARTIAL, "h": NO, "i": UNSURE}
    result = score(answers, total=10)
    assert (result.in_place, result.partial, result.gaps, result.unanswered, result.total) == (5, 2, 2, 1, 10)
    assert result.share == pytest.approx(0.6)
    assert result.level == "noe_arbeid" and result.verdict.startswith("Du er godt i gang")


def test_score_empty():
    assert score({}) == Score(0, 0, 0, 0, 0)
    result = score({}, total=10)
    assert result.unanswered == 10 and result.level == "ikke_besvart" and "besvart" in result.verdict


def test_score_thresholds_are_the_documented_ones():
    assert (GOOD_SHARE, SOME_WORK_SHARE) == (0.8, 0.5)
    eight = {str(n): YES if n < 8 else NO for n in range(10)}
    assert score(eight).level == "godt_grunnlag"
    seven = {str(n): YES if n < 7 else NO for n in range(10)}
    assert score(seven).level == "noe_arbeid"
    five = {str(n): YES if n < 5 else NO for n in range(10)}
    assert score(five).level == "noe_arbeid"
    four_and_two_partial = {str(n): YES if n < 4 else PARTIAL if n < 6 else NO for n in range(10)}
    assert score(four_and_two_partial).level == "noe_arbeid"  # 4 + 2 × 0.5 = 5 of 10
    four = {str(n): YES if n < 4 else NO for n in range(10)}
    assert score(four).level == "mye_arbeid"


def test_score_accepts_spoken_forms_and_ignores_rubbish():
    result = score({"a": "vet ikke", "b": "Ja", "c": "tull"}, total=3)
    assert (result.in_place, result.gaps, result.unanswered) == (1, 1, 1)


# ------------------------------------------------------------------------------------------------
# Summary in the chat


def shown_advice(question, answer):
    return question.advice_partial if answer == PARTIAL and question.advice_partial else question.advice


def check_summary(checklist, answers):
    text = summary_text(checklist, answers, TODAY)
    lines = text.splitlines()
    assert text.split()[0].rstrip(":") == "Oppsummering"
    in_place = sum(1 for q in checklist.questions if answers.get(q.id) == YES)
    assert lines[0].startswith(f"Oppsummering: {in_place} av {len(checklist.questions)} punkter er på plass.")
    assert lines[-1].startswith("Kilde: ") and lines[-1].endswith(".")
    assert lines[-1].count(LUP_COURSE) <= 1  # sources are deduplicated
    assert sum(1 for line in lines if line.startswith("Kilde:")) == 1
    return text


@pytest.mark.parametrize("answer", ANSWER_VALUES)
def test_summary_when_every_question_has_the_same_answer(checklist, answer):
    answers = {q.id: answer for q in checklist.questions}
    text = check_summary(checklist, answers)
    for question in checklist.questions:
        assert (shown_advice(question, answer) in text) == (answer != YES)
    if answer == YES:
        assert "Alt er på plass" in text and "Neste steg" not in text
    else:
        label = {PARTIAL: "(delvis)", NO: "(nei)", UNSURE: "(vet ikke)"}[answer]
        assert text.count(label) == len(checklist.questions)


def test_summary_for_a_typical_mixed_walk(checklist):
    ids = [q.id for q in checklist.questions]
    answers = dict.fromkeys(ids, YES)
    answers.update({ids[1]: PARTIAL, ids[3]: NO, ids[8]: UNSURE})
    text = check_summary(checklist, answers)
    assert words(text) <= 180
    gaps = [checklist.questions[i] for i in (1, 3, 8)]
    positions = [text.index(shown_advice(q, answers[q.id])) for q in gaps]
    assert positions == sorted(positions)
    for question in checklist.questions:
        if answers[question.id] == YES:
            assert question.advice not in text
    # The check date of a legal source is kept when one of the gaps cites one.
    if any("kontrollert" in q.source for q in gaps):
        assert "kontrollert januar 2026" in text.splitlines()[-1]


def test_summary_with_nothing_answered_invites_to_start(checklist):
    text = check_summary(checklist, {})
    assert "0 av" in text and "start sjekklisten" in text


def test_summary_counts_unanswered_questions_as_gaps(checklist):
    first = checklist.questions[0]
    answers = {q.id: YES for q in checklist.questions[1:]}
    text = check_summary(checklist, answers)
    assert "(ikke besvart)" in text and first.advice in text


def test_summary_orders_gaps_by_phase_even_when_the_file_does_not(tmp_path):
    head = "title: T\nnote: N\nphases:\n  - {id: behov, name: Behov}\n  - {id: dialog, name: Dialog}\n"
    body = (
        "questions:\n"
        "  - {id: sent, phase: dialog, text: 'Sent?', why: W., advice: Gjør det sene., source: Kilde B}\n"
        "  - {id: tidlig, phase: behov, text: 'Tidlig?', why: W., advice: Gjør det tidlige., source: Kilde A}\n"
    )
    small = load_checklist(write(tmp_path, body, head))
    text = summary_text(small, {"sent": NO, "tidlig": UNSURE}, TODAY)
    assert text.index("Gjør det tidlige.") < text.index("Gjør det sene.")
    assert text.index("**Behov**") < text.index("**Dialog**")
    assert text.splitlines()[-1] == "Kilde: Kilde A; Kilde B."


def test_sources_are_deduplicated_with_one_check_date_last(checklist):
    sources = format_sources(checklist.questions)
    assert sources.startswith(LUP_COURSE) and sources.count(LUP_COURSE) == 1
    assert sources.count("kontrollert") == 1 and sources.endswith("(kontrollert januar 2026)")


# ------------------------------------------------------------------------------------------------
# Note for the procurement file


@pytest.mark.parametrize("answer", [*ANSWER_VALUES, "mixed", "none"])
def test_note_for_every_class_of_answers(checklist, answer):
    ids = [q.id for q in checklist.questions]
    if answer == "mixed":
        answers = {qid: ANSWER_VALUES[n % 4] for n, qid in enumerate(ids)}
    elif answer == "none":
        answers = {}
    else:
        answers = dict.fromkeys(ids, answer)
    note = summary_note(checklist, answers, TODAY)
    assert note.startswith(f"# {checklist.title}") and "23.11.2026" in note.splitlines()[0]
    labels = {YES: "Ja", PARTIAL: "Delvis", NO: "Nei", UNSURE: "Vet ikke"}
    for question in checklist.questions:
        line = next(line for line in note.splitlines() if question.text in line)
        assert line.endswith(f"**{labels.get(answers.get(question.id), 'Ikke besvart')}**")
        if answers.get(question.id) != YES:
            assert shown_advice(question, answers.get(question.id)) in note
    assert "veiledning, ikke juridisk rådgivning" in note
    assert checklist.note in note
    assert note.splitlines()[-1].startswith("Kilder: ") and "kontrollert januar 2026" in note.splitlines()[-1]
    assert ("Ikke besvart" in note) == (answer == "none")


def test_note_shows_the_procurement_name_when_given(checklist):
    note = summary_note(checklist, {}, date(2026, 1, 5), title="Digital trygghetsteknologi")
    assert "05.01.2026" in note.splitlines()[0]
    assert "Anskaffelse: Digital trygghetsteknologi" in note
