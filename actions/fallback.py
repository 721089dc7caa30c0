"""Choosing the answer for a question: the selected unit when it covers the question, a threshold answer for
an amount, or the honest «no sure answer». Shared by the FAQ, fallback and checklist actions."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    THRESHOLD,
    THRESHOLD_TOPIC,
    record_answer,
    say_no_sure_answer,
    show_faq_answer,
)
from actions.thresholds import threshold_answer_for_amount
from advisor.answer_choice import choose_answer
from advisor.topics import all_topics, topic_key_from_response_key

FAQ_RETRIEVAL_INTENT = "faq"


def _faq_selection(tracker: Tracker) -> dict:
    """The ResponseSelector's output for the FAQ retrieval intent on the latest message."""
    return (tracker.latest_message.get("response_selector") or {}).get(FAQ_RETRIEVAL_INTENT) or {}


def selector_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """[(topic key, confidence)] from the ResponseSelector's ranking of the latest message, best first."""
    ranking = _faq_selection(tracker).get("ranking") or []
    pairs = [(topic_key_from_response_key(item.get("intent_response_key")), float(item.get("confidence") or 0.0))
             for item in ranking]
    return [(key, confidence) for key, confidence in pairs if key in all_topics()]


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, amounts_first: bool = False) -> str | None:
    """Answer the latest message; returns the key of the unit shown (or the threshold topic), else None.

    An amount in the message («vi er statlige og skal kjøpe varer for 1,45 mill») is a threshold question:
    first when NLU was unsure which intent it was, otherwise only when no unit answers it."""
    text = tracker.latest_message.get("text") or ""
    threshold_answer = threshold_answer_for_amount(tracker)
    if amounts_first and threshold_answer:
        return _answer_threshold(dispatcher, threshold_answer)
    choice = choose_answer(text, selector_ranking(tracker))
    if choice.key:
        show_faq_answer(dispatcher, choice.key)
        return choice.key
    if threshold_answer:
        return _answer_threshold(dispatcher, threshold_answer)
    say_no_sure_answer(dispatcher, choice.nearest)
    return None


def _answer_threshold(dispatcher: CollectingDispatcher, answer: str) -> str:
    dispatcher.utter_message(text=answer)
    record_answer(dispatcher, THRESHOLD, THRESHOLD_TOPIC, True)
    return THRESHOLD_TOPIC
