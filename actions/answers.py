"""Showing answers and recording what was answered.

Every answering action records its outcome once, as structured data in its own message (the format is in
advisor/answer_records.py). The channels strip that message before the user sees it; the legal notice, the
widget's «Var dette nyttig?» and the report read it instead of guessing from the wording.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from advisor.answer_records import (  # noqa: F401 (the kinds are used by the other actions through this module)
    CHECKLIST,
    FAQ,
    PROCEDURE,
    PROCEDURE_CHOOSER,
    THRESHOLD,
    UNKNOWN,
    record_in,
    record_of_message,
    record_payload,
)
from advisor.contacts import contact_line
from advisor.faq_content import answer_variables
from advisor.topics import all_topics, nearest_topics

# Value of the `topic` slot when a turn was answered with the threshold rules.
THRESHOLD_TOPIC = "terskelverdier"


def record_answer(dispatcher: CollectingDispatcher, kind: str, topic: str | None, legal: bool) -> None:
    dispatcher.utter_message(json_message=record_payload(kind, topic, legal))


def legal_notice_after(record: dict | None, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    """«veiledning, ikke juridisk rådgivning» once per conversation, after the answer with this record if legal."""
    if not (record or {}).get("legal") or tracker.get_slot("legal_notice_given"):
        return []
    dispatcher.utter_message(response="utter_legal_notice")
    return [SlotSet("legal_notice_given", True)]


def with_legal_notice(dispatcher: CollectingDispatcher, tracker: Tracker, events: list[dict]) -> list[dict]:
    """The action's events plus the legal notice, decided from the record the action has just sent.

    In the same action call: a separate notice action would cost every answer a second round trip to the
    action server with the whole conversation."""
    sent = [record for record in map(record_of_message, dispatcher.messages) if record]
    return [*events, *legal_notice_after(sent[-1] if sent else None, dispatcher, tracker)]


def _records_backwards(tracker: Tracker, this_turn_only: bool):
    for event in reversed(tracker.events):
        if this_turn_only and event.get("event") == "user":
            return
        record = record_in((event.get("data") or {}).get("custom")) if event.get("event") == "bot" else None
        if record is not None:
            yield record


def latest_answer_record(tracker: Tracker) -> dict | None:
    """The answer record of the current turn (bot messages after the latest user message), if any."""
    return next(_records_backwards(tracker, this_turn_only=True), None)


def last_answer_record(tracker: Tracker) -> dict | None:
    """The most recent answer in the conversation, not counting «no sure answer» (what «hvorfor?» refers to).

    A long conversation goes on in a new session (stores/server_tuning.py) that starts without the earlier
    events; then the `topic` slot, carried over, still names the last unit or threshold answer."""
    recorded = (r for r in _records_backwards(tracker, this_turn_only=False) if r.get("kind") != UNKNOWN)
    return next(recorded, None) or _record_from_topic_slot(tracker.get_slot("topic"))


def _record_from_topic_slot(topic: str | None) -> dict | None:
    if topic == THRESHOLD_TOPIC:
        return {"kind": THRESHOLD, "topic": THRESHOLD_TOPIC, "legal": True}
    if topic in all_topics():
        return {"kind": FAQ, "topic": topic, "legal": all_topics()[topic].legal}
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
