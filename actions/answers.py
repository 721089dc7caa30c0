"""Showing answers and recording what was answered.

Every answering action records its outcome once, as structured data in its own message:
{"answer": {"kind": "faq|threshold|procedure|unknown|procedure_chooser|checklist", "topic": <key or None>,
"legal": bool}}.
The channels strip that message before the user sees it; the legal notice, the widget's «Var dette nyttig?»
and the report read it instead of guessing from the wording.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from advisor.contacts import contact_line
from advisor.faq_content import answer_variables
from advisor.topics import all_topics, nearest_topics

ANSWER_RECORD = "answer"
FAQ, THRESHOLD, PROCEDURE, UNKNOWN = "faq", "threshold", "procedure", "unknown"
# Starting a guided flow is an outcome too (not a factual answer: no «Var dette nyttig?»).
PROCEDURE_CHOOSER, CHECKLIST = "procedure_chooser", "checklist"
# Value of the `topic` slot when a turn was answered with the threshold rules.
THRESHOLD_TOPIC = "terskelverdier"


def record_answer(dispatcher: CollectingDispatcher, kind: str, topic: str | None, legal: bool) -> None:
    dispatcher.utter_message(json_message={ANSWER_RECORD: {"kind": kind, "topic": topic, "legal": legal}})


def latest_answer_record(tracker: Tracker) -> dict | None:
    """The answer record of the current turn (bot messages after the latest user message), if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return None
        if event.get("event") == "bot":
            record = ((event.get("data") or {}).get("custom") or {}).get(ANSWER_RECORD)
            if isinstance(record, dict):
                return record
    return None


def last_answer_record(tracker: Tracker) -> dict | None:
    """The most recent answer record in the conversation (what «hvorfor?» or «og for bygg?» refers to)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            record = ((event.get("data") or {}).get("custom") or {}).get(ANSWER_RECORD)
            if isinstance(record, dict) and record.get("kind") != UNKNOWN:
                return record
    return None


def show_faq_answer(dispatcher: CollectingDispatcher, key: str) -> None:
    """The unit's answer with today's facts and its source line, and its record."""
    dispatcher.utter_message(response=f"utter_faq/{key}", **answer_variables(key))
    record_answer(dispatcher, FAQ, key, all_topics()[key].legal)


def topic_buttons(keys: list[str], limit: int = 3) -> list[dict[str, str]]:
    return [{"title": topic.title, "payload": topic.payload} for topic in nearest_topics(keys, limit=limit)]


def say_no_sure_answer(dispatcher: CollectingDispatcher, nearest: list[str]) -> None:
    """The honest unknown: one plain sentence, the nearest units as buttons, the human contact."""
    buttons = topic_buttons(nearest)
    buttons.append({"title": "Kontakt innkjøp", "payload": "/request_human"})
    dispatcher.utter_message(response="utter_no_sure_answer", buttons=buttons, kontakt=contact_line())
    record_answer(dispatcher, UNKNOWN, None, False)
