"""Threshold answers: amounts, buyer and contract type from the message, rules from advisor/."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import THRESHOLD, THRESHOLD_TOPIC, record_answer, with_legal_notice
from advisor.amounts import parse_amount
from advisor.thresholds import (
    answer_threshold_question,
    mentions_thresholds,
    normalise_buyer_type,
    normalise_contract_type,
)


def entity_text(tracker: Tracker, entity: str) -> str | None:
    return next(tracker.get_latest_entity_values(entity), None)


def understood_buyer_type(tracker: Tracker, text: str) -> str | None:
    """Buyer type from the NLU entity if it normalises, else from the whole message."""
    value = entity_text(tracker, "buyer_type")
    return (value and normalise_buyer_type(value)) or normalise_buyer_type(text)


def understood_contract_type(tracker: Tracker, text: str) -> str | None:
    value = entity_text(tracker, "contract_type")
    return (value and normalise_contract_type(value)) or normalise_contract_type(text)


def understood_amount(tracker: Tracker, text: str) -> int | None:
    value = entity_text(tracker, "amount")
    return (value and parse_amount(value)) or parse_amount(text)


def understood_threshold_question(tracker: Tracker) -> tuple[int | None, str | None, str | None]:
    """Amount, buyer type and contract type named in the latest message."""
    text = tracker.latest_message.get("text") or ""
    return (
        understood_amount(tracker, text),
        understood_buyer_type(tracker, text),
        understood_contract_type(tracker, text),
    )


def threshold_answer_for_amount(tracker: Tracker) -> str | None:
    """The threshold answer when the latest message names an amount, else None."""
    amount, buyer_type, contract_type = understood_threshold_question(tracker)
    return None if amount is None else answer_threshold_question(amount, buyer_type, contract_type)


class ActionAnswerThreshold(Action):
    """Which part of the regulation applies; a follow-up («hva med 80k?») keeps the buyer and contract type
    from the earlier question in the same conversation."""

    def name(self) -> str:
        return "action_answer_threshold"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        amount, buyer_type, contract_type = understood_threshold_question(tracker)
        in_form = bool((tracker.active_loop or {}).get("name"))
        text = tracker.latest_message.get("text") or ""
        if not in_form and amount is buyer_type is contract_type is None and not mentions_thresholds(text):
            # NLU called it a threshold question, but nothing in it is about thresholds: check it as a question.
            from actions.fallback import answer_question  # imported here: fallback imports this module

            return with_legal_notice(dispatcher, tracker, [SlotSet("topic", answer_question(dispatcher, tracker))])
        if amount is not None and not in_form:
            # Context only for a follow-up about an amount; inside a form these slots are the form's answers.
            buyer_type = buyer_type or tracker.get_slot("buyer_type")
            contract_type = contract_type or tracker.get_slot("contract_type")
        dispatcher.utter_message(text=answer_threshold_question(amount, buyer_type, contract_type))
        record_answer(dispatcher, THRESHOLD, THRESHOLD_TOPIC, True)
        context = [] if in_form else [SlotSet("buyer_type", buyer_type), SlotSet("contract_type", contract_type)]
        return with_legal_notice(dispatcher, tracker, context)
