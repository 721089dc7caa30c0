"""Insight for the content owner: stored conversation events turned into counts.

Pure Python (no Rasa): the input is what Rasa's SQL tracker store keeps, one event dict per row
(`Event.as_dict()`), grouped by conversation (sender id). scripts/report.py reads the database,
insights/events.py turns the events into turns and insights/report_page.py writes the HTML page and the
CSV files.

A *turn* is one user message and everything the assistant did until the next one. Each turn is
classified once (`classify`): answered by a FAQ answer, by an action or fixed response, or not at all; or it
is not a question (an answer inside a form, or feedback). A turn is classified from the answer record the
answering action sent (advisor/answer_records.py), the same record the widget channel uses to ask «Var dette
nyttig?»; a turn without one is a form answer, feedback, out of scope or a non-answering action (a greeting,
the menu, …), named by its intent.

Nothing identifying leaves this module: sender ids are only used for grouping, and every text and
comment is masked again with advisor.privacy (the same masking as before storage).
"""

from __future__ import annotations

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
FAQ, ACTION, UNANSWERED = "faq", "handling", "ubesvart"
FORM_ANSWER, FEEDBACK = "skjemasvar", "tilbakemelding"
QUESTION_CATEGORIES = (FAQ, ACTION, UNANSWERED)
CATEGORY_LABELS = {
    FAQ: "FAQ-svar",
    ACTION: "Handling eller fast svar",
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


# Kinds that answer a question the user asked: inside a form they make the turn a question (asked instead of an
# answer to the form), while the form's own outcome (the recommendation at its end) leaves it a form answer.
_QUESTION_KINDS = {answer_records.FAQ, answer_records.THRESHOLD, answer_records.UNKNOWN}


def _recommended_procedure(turn: Turn) -> str:
    """The procedure a turn recommended, from its answer record."""
    return next((str(record["topic"]) for record in turn.records
                 if record.get("kind") == answer_records.PROCEDURE and record.get("topic")), "Ukjent")


def classify(turn: Turn) -> tuple[str, str]:
    """(category, topic key) of a turn. Categories: FAQ, ACTION, UNANSWERED for questions, FORM_ANSWER and
    FEEDBACK for the rest. The topic is a FAQ key, an intent name or UNKNOWN_TOPIC.

    A question is classified from its answer record; a turn without one is feedback, an answer inside a form,
    out of scope, or an action that answers nothing (ACTION, named by its intent)."""
    if turn.intent == "feedback":
        return FEEDBACK, str(turn.entities.get("topic") or UNKNOWN_TOPIC)
    in_form = bool(turn.loop_before and turn.actions and turn.actions[0] == turn.loop_before)
    record = next((r for r in turn.records if r.get("kind") in _RECORD_CATEGORIES), None)
    if record is not None and not (in_form and record["kind"] not in _QUESTION_KINDS):
        category, topic = _RECORD_CATEGORIES[record["kind"]]
        if category == UNANSWERED and turn.intent == "out_of_scope":
            return UNANSWERED, "out_of_scope"
        return category, topic or str(record.get("topic") or UNKNOWN_TOPIC)
    if in_form:
        return FORM_ANSWER, str(turn.loop_before)
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


def _period_rows(
    conversation_days: list[date], message_days: Counter
) -> tuple[date | None, date | None, str, list[PeriodRow]]:
    """(first day, last day, period unit, one row per period in between) of the conversations and messages."""
    days = sorted(set(conversation_days) | set(message_days))
    if not days:
        return None, None, "dag", []
    first, last = days[0], days[-1]
    unit = _period_unit(first, last)
    rows = {key: PeriodRow(_period_label(key, unit)) for key in _all_periods(first, last, unit)}
    for day in conversation_days:
        rows[_period_key(day, unit)].conversations += 1
    for day, count in message_days.items():
        row = rows[_period_key(day, unit)]
        row.messages += count
        row.active_days += 1
    return first, last, unit, list(rows.values())


class _Walk:
    """A checklist walk in progress (per sender: answers carry over into a new session)."""

    __slots__ = ("paused",)

    def __init__(self) -> None:
        self.paused = False


class _Sender:
    """What carries over between one sender's sessions: the checklist walk and its answers."""

    __slots__ = ("walk", "answers")

    def __init__(self) -> None:
        self.walk: _Walk | None = None
        self.answers: dict = {}


class _Counts:
    """The running totals while build_report reads the conversations, one method per thing counted."""

    def __init__(self, titles: Mapping[str, str], low_confidence: float) -> None:
        self.titles = titles
        self.low_confidence = low_confidence
        self.conversation_days: list[date] = []
        self.message_days: Counter = Counter()
        self.outcomes: Counter = Counter()
        self.topics: dict[str, TopicRow] = {}
        self.unanswered: dict[str, dict[str, Any]] = {}
        self.feedback: dict[str, FeedbackRow] = {}
        self.comments: list[Comment] = []
        self.feedback_count = 0
        self.checklist = ChecklistStats()
        self.gap_counts: Counter = Counter()
        self.procedure = ProcedureStats()

    def label(self, key: str) -> str:
        return self.titles.get(key) or INTENT_LABELS.get(key) or (UNKNOWN_LABEL if key == UNKNOWN_TOPIC else key)

    def add_conversation(self, events: Iterable[Mapping[str, Any]]) -> None:
        sender = _Sender()
        for session in turns_of(events):
            self.conversation_days.append(_day(session[0].timestamp))
            pending = None  # the last feedback, which a following comment completes
            for turn in session:
                pending = self._add_turn(turn, sender, pending)
        if sender.walk is not None:
            if sender.walk.paused:
                self.checklist.cancelled += 1
            else:
                self.checklist.unfinished += 1

    def _add_turn(self, turn: Turn, sender: _Sender, pending: Comment | None) -> Comment | None:
        """Counts one turn; returns the feedback a following comment would complete."""
        category, topic = classify(turn)
        day = _day(turn.timestamp)
        self._follow_timeline(turn, sender)
        if category == FEEDBACK:
            return self._add_feedback(turn, topic, day, pending)
        self.message_days[day] += 1
        if category == FORM_ANSWER:
            return pending
        self._add_question(turn, category, topic)
        return None

    def _follow_timeline(self, turn: Turn, sender: _Sender) -> None:
        """Checklist walks and procedure recommendations, from actions and slots in stored order."""
        last_action = None
        for kind, name, value in turn.timeline:
            if kind == "slot":
                if name == "checklist_answers":
                    self._checklist_answers_set(sender, value, by_start=last_action == "action_start_checklist")
                continue
            last_action = name
            self._action_ran(turn, sender, name)

    def _checklist_answers_set(self, sender: _Sender, value: Any, by_start: bool) -> None:
        sender.answers = dict(value) if isinstance(value, dict) else {}
        if not by_start:
            return
        if not sender.answers:  # a new walk; an unfinished one is left behind
            self._start_walk(sender)
        elif sender.walk is not None:
            sender.walk.paused = False  # resumed
        else:  # resumed a walk started before the report period
            sender.walk = _Walk()

    def _start_walk(self, sender: _Sender) -> None:
        if sender.walk is not None:
            self.checklist.cancelled += 1
        sender.walk = _Walk()
        self.checklist.started += 1

    def _action_ran(self, turn: Turn, sender: _Sender, name: str) -> None:
        if name == "action_start_procedure":
            self.procedure.started += 1
        elif name == "utter_procedure_stopped":
            self.procedure.cancelled += 1
        elif name == "action_restart_checklist":
            self._start_walk(sender)
        elif name == "action_pause_checklist" and sender.walk is not None:
            sender.walk.paused = True
        elif name == "action_checklist_summary":
            self.checklist.finished += 1
            for question_id, answer in sender.answers.items():
                if str(answer) in CHECKLIST_GAP_ANSWERS:
                    self.gap_counts[question_id] += 1
            sender.walk = None
        elif name == "action_recommend_procedure":
            self.procedure.recommended += 1
            self.procedure.by_procedure[_recommended_procedure(turn)] += 1

    def _add_feedback(self, turn: Turn, topic: str, day: date, pending: Comment | None) -> Comment | None:
        """A «Var dette nyttig?» rating; a comment right after the same rating completes it (counted once)."""
        rating = turn.entities.get("rating")
        if rating not in ("ja", "nei"):
            return pending
        comment = mask_personal_data(" ".join(str(turn.entities.get("comment") or "").split()))
        same = pending is not None and pending.key == topic and pending.rating == rating
        if not (comment and same and not pending.comment):
            self.feedback_count += 1
            row = self.feedback.setdefault(topic, FeedbackRow(topic, self.label(topic)))
            if rating == "ja":
                row.useful += 1
            else:
                row.not_useful += 1
            pending = Comment(day, topic, self.label(topic), rating, "")
        if comment:
            pending.comment = comment
            self.comments.append(Comment(day, topic, self.label(topic), rating, comment))
        return pending

    def _add_question(self, turn: Turn, category: str, topic: str) -> None:
        self.outcomes[category] += 1
        self.topics.setdefault(topic, TopicRow(topic, self.label(topic))).counts[category] += 1
        if category == UNANSWERED:
            self._note_unanswered(turn, "Utenfor tema" if topic == "out_of_scope" else "Ikke besvart")
        elif turn.confidence is not None and turn.confidence < self.low_confidence:
            self._note_unanswered(turn, "Lav sikkerhet")

    def _note_unanswered(self, turn: Turn, outcome: str) -> None:
        text = " ".join(mask_personal_data(turn.text).split())
        if not text or text.startswith("/"):
            return
        row = self.unanswered.setdefault(
            text.casefold(), {"question": text, "count": 0, "turn": turn, "outcome": outcome}
        )
        row["count"] += 1
        if turn.timestamp >= row["turn"].timestamp:  # the latest wording and outcome are shown
            row["question"], row["turn"], row["outcome"] = text, turn, outcome

    def unanswered_rows(self, nearest: Callable[[str], tuple[str, str] | None]) -> list[UnansweredRow]:
        rows = []
        for row in sorted(self.unanswered.values(), key=lambda r: (-r["count"], r["question"].casefold())):
            turn: Turn = row["turn"]
            hit = nearest(row["question"])
            nearest_key = hit[0] if hit else (topic_key_from_response_key(turn.nlu_guess) or "")
            rows.append(
                UnansweredRow(
                    question=row["question"],
                    count=row["count"],
                    outcome=row["outcome"],
                    nearest_key=nearest_key,
                    nearest_title=(hit[1] if hit else self.label(nearest_key) if nearest_key else ""),
                    nlu_guess=turn.nlu_guess or "",
                    confidence=turn.nlu_guess_confidence,
                    last_asked=_day(turn.timestamp),
                )
            )
        return rows

    def report(
        self, questions_text: Mapping[str, str], nearest: Callable[[str], tuple[str, str] | None]
    ) -> Report:
        first, last, unit, periods = _period_rows(self.conversation_days, self.message_days)
        self.checklist.gaps = [(qid, questions_text.get(qid, qid), n) for qid, n in self.gap_counts.most_common()]
        return Report(
            first_day=first,
            last_day=last,
            period_unit=unit,
            conversations=len(self.conversation_days),
            messages=sum(self.message_days.values()),
            active_days=len(self.message_days),
            feedback_count=self.feedback_count,
            periods=periods,
            outcomes=self.outcomes,
            topics=sorted(self.topics.values(), key=lambda t: (-t.total, t.label)),
            unanswered=self.unanswered_rows(nearest),
            feedback=sorted(self.feedback.values(), key=lambda f: (-(f.useful + f.not_useful), f.label)),
            comments=sorted(self.comments, key=lambda c: (c.day, c.label)),
            checklist=self.checklist,
            procedure=self.procedure,
        )


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
    counts = _Counts(titles, low_confidence)
    for _sender, events in conversations:
        counts.add_conversation(events)
    return counts.report(questions_text, nearest or _default_nearest)
