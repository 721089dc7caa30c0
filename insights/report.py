"""Insight for the content owner: stored conversation events turned into counts.

Pure Python (no Rasa): the input is what Rasa's SQL tracker store keeps, one event dict per row
(`Event.as_dict()`), grouped by conversation (sender id). scripts/report.py reads the database,
insights/events.py turns the events into turns and insights/report_page.py writes the HTML page and the
CSV files.

A *turn* is one user message and everything the assistant did until the next one. Each turn is
classified once (`classify`): answered by a FAQ answer, by an action or fixed response, by the
knowledge search, or not at all; or it is not a question (an answer inside a form, or feedback).
Turns stored since the answering actions record their outcome (actions/answers.py) are classified from
that record, the same record the widget channel uses to ask «Var dette nyttig?»; older turns are
classified from their actions and response names.

Nothing identifying leaves this module: sender ids are only used for grouping, and every text and
comment is masked again with advisor.privacy (the same masking as before storage).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from advisor import answer_records
from advisor.privacy import mask_personal_data
from advisor.topics import topic_key_from_response_key
from insights.events import Turn, turns_of

# Turn categories
FAQ, ACTION, SEARCH, UNANSWERED = "faq", "handling", "sok", "ubesvart"
FORM_ANSWER, FEEDBACK = "skjemasvar", "tilbakemelding"
QUESTION_CATEGORIES = (FAQ, ACTION, SEARCH, UNANSWERED)
CATEGORY_LABELS = {
    FAQ: "FAQ-svar",
    ACTION: "Handling eller fast svar",
    SEARCH: "Søk i kunnskapsbasen",
    UNANSWERED: "Ikke besvart",
}

# Topic keys that are intents rather than FAQ topics, with their Norwegian labels.
INTENT_LABELS = {
    "ask_threshold": "Terskelverdier",
    "choose_procedure": "Valg av prosedyre",
    "start_checklist": "Sjekklisten (start/fortsett)",
    "restart_checklist": "Sjekklisten (start på nytt)",
    "stop_checklist": "Pause eller avbryt",
    "explain_question": "«Hvorfor?» / «hva betyr det?»",
    "request_human": "Kontakt innkjøp",
    "help": "Meny og hjelp",
    "greet": "Hilsen",
    "goodbye": "Avskjed",
    "thank": "Takk",
    "affirm": "Ja (uten sammenheng)",
    "deny": "Nei (uten sammenheng)",
    "bot_challenge": "«Er du en robot?»",
    "out_of_scope": "Utenfor tema",
    "show_topic": "Tema valgt med knapp",
    "inform": "Opplysninger",
    "faq": "FAQ (ukjent tema)",
}
UNKNOWN_TOPIC = "ukjent"
UNKNOWN_LABEL = "Ukjent tema"

# Intent confidence below this counts as «low confidence» even when the assistant answered.
LOW_CONFIDENCE = 0.6

_FALLBACK_ACTIONS = {"action_uncertain", "action_default_fallback", "action_two_stage_fallback"}
_FAQ_ACTIONS = {"utter_faq", "action_show_topic"}
# Answers a FAQ directly when the ResponseSelector is sure, else through the knowledge search (actions/core.py).
_GATED_FAQ_ACTION = "action_answer_faq"
_FAQ_UTTER = "utter_faq/"
_RECOMMENDATION = re.compile(r"Min anbefaling: \*\*(.+?)\*\*")

CHECKLIST_GAP_ANSWERS = ("nei", "vet_ikke", "vet ikke")




# What an answer record's kind counts as: (category, topic key or None for the record's own topic).
_RECORD_CATEGORIES = {
    answer_records.FAQ: (FAQ, None),
    answer_records.THRESHOLD: (ACTION, "ask_threshold"),
    answer_records.PROCEDURE: (ACTION, "choose_procedure"),
    answer_records.PROCEDURE_CHOOSER: (ACTION, "choose_procedure"),
    answer_records.CHECKLIST: (ACTION, "start_checklist"),
    answer_records.UNKNOWN: (UNANSWERED, UNKNOWN_TOPIC),
}


def _recommended_procedure(turn: Turn) -> str:
    """The procedure a turn recommended: from its answer record, or (stored before records) from the wording."""
    for record in turn.records:
        if record.get("kind") == answer_records.PROCEDURE and record.get("topic"):
            return str(record["topic"])
    found = next((m for m in map(_RECOMMENDATION.search, turn.bot_texts) if m), None)
    return found.group(1) if found else "Ukjent"


def classify(turn: Turn) -> tuple[str, str]:
    """(category, topic key) of a turn. Categories: FAQ, ACTION, SEARCH, UNANSWERED for questions,
    FORM_ANSWER and FEEDBACK for the rest. The topic is a FAQ key, an intent name or UNKNOWN_TOPIC.

    Turns stored since the answering actions record their outcome are classified from that record; the
    reconstruction from actions and response names below is kept for conversations stored before."""
    if turn.intent == "feedback":
        return FEEDBACK, str(turn.entities.get("topic") or UNKNOWN_TOPIC)
    actions = turn.actions
    if turn.loop_before and actions and actions[0] == turn.loop_before:
        return FORM_ANSWER, turn.loop_before
    if turn.records and turn.records[0].get("kind") in _RECORD_CATEGORIES:
        category, topic = _RECORD_CATEGORIES[turn.records[0]["kind"]]
        if category == UNANSWERED and turn.intent == "out_of_scope":
            return UNANSWERED, "out_of_scope"
        return category, topic or str(turn.records[0].get("topic") or UNKNOWN_TOPIC)
    uttered_faq = next((u[len(_FAQ_UTTER):] for _a, u in turn.uttered if u and u.startswith(_FAQ_UTTER)), None)
    if turn.intent == "nlu_fallback" or any(action in _FALLBACK_ACTIONS for action in actions):
        return (SEARCH, uttered_faq) if uttered_faq else (UNANSWERED, UNKNOWN_TOPIC)
    if _GATED_FAQ_ACTION in actions:
        said = [u for a, u in turn.uttered if a == _GATED_FAQ_ACTION]
        if said and said[0] and said[0].startswith(_FAQ_UTTER):  # the answer itself, first: a sure FAQ answer
            return FAQ, said[0][len(_FAQ_UTTER):]
        found = next((u[len(_FAQ_UTTER):] for u in said if u and u.startswith(_FAQ_UTTER)), None)
        return (SEARCH, found) if found else (UNANSWERED, UNKNOWN_TOPIC)
    if any(action in _FAQ_ACTIONS for action in actions):
        key = uttered_faq or turn.selector_key
        if key:
            return FAQ, key
    if turn.intent == "out_of_scope":
        return UNANSWERED, "out_of_scope"
    return ACTION, turn.intent or UNKNOWN_TOPIC


# --------------------------------------------------------------------------------------------------
# The report


@dataclass
class PeriodRow:
    label: str
    conversations: int = 0
    messages: int = 0
    active_days: int = 0


@dataclass
class TopicRow:
    key: str
    label: str
    counts: Counter = field(default_factory=Counter)  # category → questions

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class UnansweredRow:
    question: str
    count: int
    outcome: str  # Norwegian label
    nearest_key: str
    nearest_title: str
    nlu_guess: str
    confidence: float | None
    last_asked: date


@dataclass
class FeedbackRow:
    key: str
    label: str
    useful: int = 0
    not_useful: int = 0


@dataclass
class Comment:
    day: date
    key: str
    label: str
    rating: str
    comment: str


@dataclass
class ChecklistStats:
    started: int = 0
    finished: int = 0
    cancelled: int = 0
    unfinished: int = 0
    gaps: list[tuple[str, str, int]] = field(default_factory=list)  # (question id, text, walks with a gap)


@dataclass
class ProcedureStats:
    started: int = 0
    recommended: int = 0
    cancelled: int = 0
    by_procedure: Counter = field(default_factory=Counter)


@dataclass
class Report:
    first_day: date | None
    last_day: date | None
    period_unit: str  # "dag", "uke" or "måned"
    conversations: int
    messages: int
    active_days: int
    feedback_count: int
    periods: list[PeriodRow]
    outcomes: Counter  # category → questions
    topics: list[TopicRow]
    unanswered: list[UnansweredRow]
    feedback: list[FeedbackRow]
    comments: list[Comment]
    checklist: ChecklistStats
    procedure: ProcedureStats

    @property
    def questions(self) -> int:
        return sum(self.outcomes[c] for c in QUESTION_CATEGORIES)


class _Walk:
    """A checklist walk in progress (per sender: answers carry over into a new session)."""

    __slots__ = ("paused",)

    def __init__(self) -> None:
        self.paused = False


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp).date()


def _period_key(day: date, unit: str) -> tuple[int, int, int]:
    if unit == "dag":
        return day.year, day.month, day.day
    if unit == "uke":
        iso = day.isocalendar()
        return iso[0], iso[1], 0
    return day.year, day.month, 0


def _period_label(key: tuple[int, int, int], unit: str) -> str:
    if unit == "dag":
        return f"{key[0]:04d}-{key[1]:02d}-{key[2]:02d}"
    if unit == "uke":
        return f"{key[0]} uke {key[1]:02d}"
    return f"{key[0]:04d}-{key[1]:02d}"


def _period_unit(first: date, last: date) -> str:
    span = (last - first).days
    return "dag" if span <= 62 else "uke" if span <= 730 else "måned"


def _all_periods(first: date, last: date, unit: str) -> list[tuple[int, int, int]]:
    keys, day = [], first
    while day <= last:
        key = _period_key(day, unit)
        if not keys or keys[-1] != key:
            keys.append(key)
        day += timedelta(days=1)
    return keys


def _default_topic_titles() -> dict[str, str]:
    from advisor.topics import all_topics

    return {key: topic.title for key, topic in all_topics().items()}


def _default_checklist_questions() -> dict[str, str]:
    from advisor.checklist import load_checklist

    return {question.id: question.text for question in load_checklist().questions}


def _default_nearest(text: str) -> tuple[str, str] | None:
    from advisor.search import knowledge_index

    hits = knowledge_index().search(text, limit=1)
    return (hits[0].key, hits[0].title) if hits else None


def build_report(
    conversations: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
    *,
    topic_titles: Mapping[str, str] | None = None,
    checklist_questions: Mapping[str, str] | None = None,
    nearest: Callable[[str], tuple[str, str] | None] | None = None,
    low_confidence: float = LOW_CONFIDENCE,
) -> Report:
    """Counts over all conversations: (sender id, its events in stored order) pairs."""
    titles = dict(_default_topic_titles() if topic_titles is None else topic_titles)
    questions_text = _default_checklist_questions() if checklist_questions is None else dict(checklist_questions)
    nearest = nearest or _default_nearest

    def label(key: str) -> str:
        return titles.get(key) or INTENT_LABELS.get(key) or (UNKNOWN_LABEL if key == UNKNOWN_TOPIC else key)

    conversation_days: list[date] = []
    message_days: Counter = Counter()
    outcomes: Counter = Counter()
    topics: dict[str, TopicRow] = {}
    unanswered: dict[str, dict[str, Any]] = {}
    feedback: dict[str, FeedbackRow] = {}
    comments: list[Comment] = []
    feedback_count = 0
    checklist = ChecklistStats()
    gap_counts: Counter = Counter()
    procedure = ProcedureStats()

    def note_unanswered(turn: Turn, outcome: str) -> None:
        text = " ".join(mask_personal_data(turn.text).split())
        if not text or text.startswith("/"):
            return
        row = unanswered.setdefault(text.casefold(), {"question": text, "count": 0, "turn": turn, "outcome": outcome})
        row["count"] += 1
        if turn.timestamp >= row["turn"].timestamp:  # the latest wording and outcome are shown
            row["question"], row["turn"], row["outcome"] = text, turn, outcome

    for _sender, events in conversations:
        walk: _Walk | None = None
        answers: dict = {}
        for session in turns_of(events):
            conversation_days.append(_day(session[0].timestamp))
            pending = None  # the last feedback, which a following comment completes
            for turn in session:
                category, topic = classify(turn)
                day = _day(turn.timestamp)
                # Checklist walks and procedure recommendations, from actions and slots in stored order.
                last_action = None
                for kind, name, value in turn.timeline:
                    if kind == "slot":
                        if name != "checklist_answers":
                            continue
                        answers = dict(value) if isinstance(value, dict) else {}
                        if last_action != "action_start_checklist":
                            continue
                        if not answers:  # a new walk; an unfinished one is left behind
                            if walk is not None:
                                checklist.cancelled += 1
                            walk = _Walk()
                            checklist.started += 1
                        elif walk is not None:
                            walk.paused = False  # resumed
                        else:  # resumed a walk started before the report period
                            walk = _Walk()
                        continue
                    last_action = name
                    if name == "action_start_procedure":
                        procedure.started += 1
                    elif name == "utter_procedure_stopped":
                        procedure.cancelled += 1
                    elif name == "action_restart_checklist":
                        if walk is not None:
                            checklist.cancelled += 1
                        walk = _Walk()
                        checklist.started += 1
                    elif name == "action_pause_checklist" and walk is not None:
                        walk.paused = True
                    elif name == "action_checklist_summary":
                        checklist.finished += 1
                        for question_id, answer in answers.items():
                            if str(answer) in CHECKLIST_GAP_ANSWERS:
                                gap_counts[question_id] += 1
                        walk = None
                    elif name == "action_recommend_procedure":
                        procedure.recommended += 1
                        procedure.by_procedure[_recommended_procedure(turn)] += 1

                if category == FEEDBACK:
                    rating = turn.entities.get("rating")
                    if rating not in ("ja", "nei"):
                        continue
                    comment = mask_personal_data(" ".join(str(turn.entities.get("comment") or "").split()))
                    same = pending is not None and pending.key == topic and pending.rating == rating
                    if not (comment and same and not pending.comment):
                        feedback_count += 1
                        row = feedback.setdefault(topic, FeedbackRow(topic, label(topic)))
                        if rating == "ja":
                            row.useful += 1
                        else:
                            row.not_useful += 1
                        pending = Comment(day, topic, label(topic), rating, "")
                    if comment:
                        pending.comment = comment
                        comments.append(Comment(day, topic, label(topic), rating, comment))
                    continue
                message_days[day] += 1
                if category == FORM_ANSWER:
                    continue
                pending = None
                outcomes[category] += 1
                topics.setdefault(topic, TopicRow(topic, label(topic))).counts[category] += 1
                if category == UNANSWERED:
                    note_unanswered(turn, "Utenfor tema" if topic == "out_of_scope" else "Ikke besvart")
                elif category == SEARCH:
                    note_unanswered(turn, "Svart med søk (lav sikkerhet)")
                elif turn.confidence is not None and turn.confidence < low_confidence:
                    note_unanswered(turn, "Lav sikkerhet")
        if walk is not None:
            if walk.paused:
                checklist.cancelled += 1
            else:
                checklist.unfinished += 1

    days = sorted(set(conversation_days) | set(message_days))
    first, last = (days[0], days[-1]) if days else (None, None)
    periods: list[PeriodRow] = []
    unit = "dag"
    if first and last:
        unit = _period_unit(first, last)
        rows = {key: PeriodRow(_period_label(key, unit)) for key in _all_periods(first, last, unit)}
        for day in conversation_days:
            rows[_period_key(day, unit)].conversations += 1
        for day, count in message_days.items():
            row = rows[_period_key(day, unit)]
            row.messages += count
            row.active_days += 1
        periods = list(rows.values())

    unanswered_rows = []
    for row in sorted(unanswered.values(), key=lambda r: (-r["count"], r["question"].casefold())):
        turn: Turn = row["turn"]
        hit = nearest(row["question"])
        nearest_key = hit[0] if hit else (topic_key_from_response_key(turn.nlu_guess) or "")
        unanswered_rows.append(
            UnansweredRow(
                question=row["question"],
                count=row["count"],
                outcome=row["outcome"],
                nearest_key=nearest_key,
                nearest_title=(hit[1] if hit else label(nearest_key) if nearest_key else ""),
                nlu_guess=turn.nlu_guess or "",
                confidence=turn.nlu_guess_confidence,
                last_asked=_day(turn.timestamp),
            )
        )

    checklist.gaps = [(qid, questions_text.get(qid, qid), n) for qid, n in gap_counts.most_common()]
    return Report(
        first_day=first,
        last_day=last,
        period_unit=unit,
        conversations=len(conversation_days),
        messages=sum(message_days.values()),
        active_days=len(message_days),
        feedback_count=feedback_count,
        periods=periods,
        outcomes=outcomes,
        topics=sorted(topics.values(), key=lambda t: (-t.total, t.label)),
        unanswered=unanswered_rows,
        feedback=sorted(feedback.values(), key=lambda f: (-(f.useful + f.not_useful), f.label)),
        comments=sorted(comments, key=lambda c: (c.day, c.label)),
        checklist=checklist,
        procedure=procedure,
    )
