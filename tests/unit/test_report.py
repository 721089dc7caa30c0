"""The content owner's report: counting hand-made tracker events (insights/report.py, report_page.py)."""

import csv
from datetime import datetime

import pytest

from insights.report import (
    ACTION,
    FAQ,
    FEEDBACK,
    FORM_ANSWER,
    UNANSWERED,
    build_report,
    classify,
    turns_of,
)
from insights.report_page import CSV_FILES, write_report
from tests.unit.report_events import (
    action,
    bot,
    button_topic_turn,
    checklist_answer,
    checklist_pause,
    checklist_start,
    fallback_turn,
    faq_turn,
    feedback_turn,
    listen,
    no_sure_answer_turn,
    procedure_walk,
    record,
    session,
    simple_turn,
    threshold_turn,
    user,
)

TITLES = {"metode_steg": "Stegene i prosessen", "lov_dialog_lovlig": "Er dialog lovlig?"}
QUESTIONS = {"q1": "Er behovet kartlagt?", "q2": "Har dere hatt dialog?", "q3": "Er kravene funksjonelle?"}


def nearest(text):
    return ("lov_dialog_lovlig", TITLES["lov_dialog_lovlig"]) if "leverandør" in text else None


def report_of(*conversations):
    return build_report(
        [(f"s{i}", events) for i, events in enumerate(conversations)],
        topic_titles=TITLES, checklist_questions=QUESTIONS, nearest=nearest,
    )


def finished_checklist():
    return [
        *checklist_start(),
        *checklist_answer({"q1": "ja"}, "ja"),
        *checklist_answer({"q1": "ja", "q2": "nei"}, "nei"),
        *checklist_answer({"q1": "ja", "q2": "nei", "q3": "vet_ikke"}, "vet ikke", last=True),
    ]


def only_turn(events):
    [[turn]] = turns_of(events)
    return turn


@pytest.mark.parametrize(
    "events, expected",
    [
        (faq_turn("hva er stegene?", "metode_steg"), (FAQ, "metode_steg")),
        (no_sure_answer_turn("hva med pizza?"), (UNANSWERED, "ukjent")),
        (button_topic_turn("lov_dialog_lovlig"), (FAQ, "lov_dialog_lovlig")),
        (fallback_turn("blabla", "metode_steg"), (FAQ, "metode_steg")),
        (fallback_turn("blabla"), (UNANSWERED, "ukjent")),
        # A threshold answer given through the fallback is the threshold answer: the record says what was answered.
        (threshold_turn("staten kjøper varer for 1,45 mill", "nlu_fallback", "action_uncertain"),
         (ACTION, "ask_threshold")),
        (simple_turn("bestill pizza", "out_of_scope", "utter_out_of_scope"), (UNANSWERED, "out_of_scope")),
        (threshold_turn(), (ACTION, "ask_threshold")),
        (simple_turn("hei", "greet", "utter_greet"), (ACTION, "greet")),
        (feedback_turn("ja", "metode_steg"), (FEEDBACK, "metode_steg")),
    ],
)
def test_each_kind_of_turn_is_classified(events, expected):
    assert classify(only_turn(session() + events)) == expected


def test_an_answer_inside_a_form_is_not_a_question_but_a_faq_inside_it_is():
    sessions = turns_of(session() + checklist_start() + checklist_answer({"q1": "ja"}, "ja")
                        + faq_turn("hva er stegene?", "metode_steg"))
    categories = [classify(turn)[0] for turn in sessions[0]]
    assert categories == [ACTION, FORM_ANSWER, FAQ]


def test_a_question_answered_inside_a_form_is_a_question_and_the_form_goes_on():
    # A question typed instead of an answer is answered by the form's validation: the form action runs first.
    question = [user("hva er stegene?", "inform", 0.5), action("action_extract_slots"), action("checklist_form"),
                bot("Svar.", "utter_faq/metode_steg"), record("faq", "metode_steg"), bot("Spørsmål 2 av 3"), listen()]
    sessions = turns_of(session() + checklist_start() + question)
    assert [classify(turn) for turn in sessions[0]] == [(ACTION, "start_checklist"), (FAQ, "metode_steg")]


def test_a_turn_without_an_answer_record_answered_nothing():
    # Only the record says what was answered: an answering action's words without one are not read.
    unrecorded = [user("hva er stegene?", "faq", faq_key="metode_steg"), action("action_extract_slots"),
                  action("action_answer_faq"), bot("Svar.", "utter_faq/metode_steg"), listen()]
    assert classify(only_turn(session() + unrecorded)) == (ACTION, "faq")


def test_the_widget_offers_feedback_from_the_answer_record():
    from channels.common import feedback_topic, visible_messages

    def messages(kind, topic):
        return [{"recipient_id": "s", "text": "svar"},
                {"recipient_id": "s", "custom": {"answer": {"kind": kind, "topic": topic, "legal": True}}}]

    assert feedback_topic(messages("faq", "metode_steg")) == "metode_steg"
    assert feedback_topic(messages("threshold", "terskelverdier")) == "ask_threshold"
    assert feedback_topic(messages("procedure", "Åpen anbudskonkurranse")) == "choose_procedure"
    assert feedback_topic(messages("unknown", None)) is None
    assert feedback_topic(messages("checklist", None)) is None
    assert feedback_topic([{"recipient_id": "s", "text": "Hei!"}]) is None
    assert visible_messages(messages("faq", "metode_steg")) == [{"recipient_id": "s", "text": "svar"}]


def test_counts_over_conversations():
    first = session() + faq_turn("hva er stegene?", "metode_steg") + feedback_turn("ja", "metode_steg")
    second = (session() + fallback_turn("kan vi snakke med leverandører på fest?")
              + feedback_turn("nei", "metode_steg") + feedback_turn("nei", "metode_steg", "For lang tekst")
              + simple_turn("hei", "greet", "utter_greet"))
    third = session() + finished_checklist() + session() + threshold_turn() + procedure_walk()
    report = report_of(first, second, third)

    assert report.conversations == 4  # the third sender had two sessions
    # messages: 1 + 2 + (4 + 1 + 2); feedback is not a message
    assert report.messages == 10
    assert report.feedback_count == 2  # the comment completes the 👎 instead of counting twice
    assert report.outcomes == {FAQ: 1, UNANSWERED: 1, ACTION: 4}
    assert report.questions == 6
    topics = {row.key: row.total for row in report.topics}
    assert topics == {"metode_steg": 1, "ukjent": 1, "greet": 1, "start_checklist": 1, "ask_threshold": 1,
                      "choose_procedure": 1}
    assert [(f.key, f.useful, f.not_useful) for f in report.feedback] == [("metode_steg", 1, 1)]
    assert [(c.label, c.rating, c.comment) for c in report.comments] == [
        ("Stegene i prosessen", "nei", "For lang tekst")
    ]
    [row] = report.unanswered
    assert row.question == "kan vi snakke med leverandører på fest?"
    assert (row.nearest_key, row.nearest_title, row.outcome) == (
        "lov_dialog_lovlig", "Er dialog lovlig?", "Ikke besvart"
    )
    assert row.nlu_guess == "faq" and row.count == 1
    assert report.procedure.started == 1 and report.procedure.recommended == 1
    assert report.procedure.by_procedure == {"Konkurranse med forhandling": 1}
    assert report.active_days == 1 and sum(p.messages for p in report.periods) == 10


def test_checklist_walks_started_finished_cancelled_and_gaps():
    finished = session() + finished_checklist()
    paused = session() + checklist_start() + checklist_answer({"q1": "nei"}, "nei") + checklist_pause()
    resumed_and_finished = (
        session() + checklist_start() + checklist_answer({"q1": "ja"}, "ja") + checklist_pause()
        + checklist_start({"q1": "ja"}) + checklist_answer({"q1": "ja", "q2": "nei"}, "nei")
        + checklist_answer({"q1": "ja", "q2": "nei", "q3": "ja"}, "ja", last=True)
    )
    restarted = session() + checklist_start() + checklist_start() + checklist_answer({"q1": "ja"}, "ja")
    report = report_of(finished, paused, resumed_and_finished, restarted)
    walks = report.checklist
    assert (walks.started, walks.finished, walks.cancelled, walks.unfinished) == (5, 2, 2, 1)
    assert walks.gaps == [("q2", "Har dere hatt dialog?", 2), ("q3", "Er kravene funksjonelle?", 1)]


def test_low_confidence_answers_and_repeats_are_listed_once_with_a_count():
    report = report_of(
        session() + faq_turn("stegene??", "metode_steg", confidence=0.45) + fallback_turn("Hva med  LEVERANDØR?"),
        session() + fallback_turn("hva med leverandør?", "metode_steg"),
        session() + faq_turn("hva er stegene?", "metode_steg", confidence=0.99),
    )
    rows = {row.question.casefold(): (row.count, row.outcome) for row in report.unanswered}
    # The latest wording and outcome are shown: answered, but with a low NLU confidence.
    assert rows == {"hva med leverandør?": (2, "Lav sikkerhet"), "stegene??": (1, "Lav sikkerhet")}


def test_personal_data_never_reaches_the_report_and_sender_ids_are_not_kept(tmp_path):
    events = (session() + fallback_turn("ring meg på 912 34 567 eller ola@kommune.no")
              + feedback_turn("nei", "metode_steg", "skriv til kari@example.com"))
    report = build_report([("webchat-secret-sender", events)], topic_titles=TITLES, checklist_questions=QUESTIONS,
                          nearest=nearest)
    write_report(report, tmp_path, generated=datetime(2026, 11, 20))
    everything = "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.iterdir())
    for secret in ("912 34 567", "ola@kommune.no", "kari@example.com", "webchat-secret-sender"):
        assert secret not in everything
    assert "[telefonnummer fjernet]" in everything and "[e-post fjernet]" in everything


def test_html_page_and_csv_files_are_written_safely(tmp_path):
    attack = '=HYPERLINK("http://x") <script>alert(1)</script>'
    report = report_of(session() + fallback_turn(attack) + faq_turn("hva er stegene?", "metode_steg"))
    page = write_report(report, tmp_path, since="2026-11-01", generated=datetime(2026, 11, 20))
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "http" not in text.replace("http://x", "")  # no CDN or other external resource
    assert "<svg" in text and 'lang="nb"' in text
    assert {p.name for p in tmp_path.iterdir()} == {"rapport.html", *CSV_FILES.values()}
    with (tmp_path / CSV_FILES["unanswered"]).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert rows[0]["spørsmål"] == "'" + attack  # a spreadsheet shows it as text, never as a formula


def test_periods_switch_to_weeks_for_long_spans():
    day = 86_400
    early = session(1_790_000_000.0) + [dict(e, timestamp=1_790_000_001.0) for e in threshold_turn()]
    late = session(1_790_000_000.0 + 100 * day) + [dict(e, timestamp=1_790_000_001.0 + 100 * day)
                                                    for e in threshold_turn()]
    report = report_of(early, late)
    assert report.period_unit == "uke"
    assert sum(p.conversations for p in report.periods) == 2
    assert len(report.periods) in (15, 16)  # every week in between, so the chart has no gaps


def test_an_empty_store_gives_an_empty_report(tmp_path):
    report = report_of()
    assert report.conversations == 0 and report.periods == []
    assert "Ingen data" in write_report(report, tmp_path).read_text(encoding="utf-8")


def test_a_session_started_without_a_pause_continues_the_conversation():
    # Rasa starts a session after the pause in domain.yml (120 min), or sooner when a long conversation is cut
    # for length (stores/server_tuning.py): the latter is still one conversation.
    start = session()
    first = faq_turn("hva er stegene?", "metode_steg")
    last_message = max(e["timestamp"] for e in first)
    cut = session(timestamp=last_message + 5)
    then = [dict(e, timestamp=last_message + 6 + i) for i, e in enumerate(faq_turn("og dialog?", "lov_dialog_lovlig"))]
    assert report_of(start + first + cut + then).conversations == 1
    later = session(timestamp=last_message + 3 * 3600)
    after_pause = [dict(e, timestamp=last_message + 3 * 3600 + 1 + i)
                   for i, e in enumerate(faq_turn("og dialog?", "lov_dialog_lovlig"))]
    assert report_of(start + first + later + after_pause).conversations == 2
