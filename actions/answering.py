"""Answering a question: the actions read the conversation, the advisor decides (advisor/answer_decision.py),
and the actions send what it returns. Three action names for the three ways NLU may label a question (a FAQ, a
threshold question or a follow-up with an amount, low confidence); one decision behind them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form_base import answer_latest_message
from advisor.answer_choice import warm_up

# The answer check's indexes and fitted weights are built once when the action server loads this module, so the
# first user's turn does not pay for them (about 1–2 s).
warm_up()


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return answer_latest_message(dispatcher, tracker)


class ActionAnswerThreshold(ActionAnswerFaq):
    def name(self) -> str:
        return "action_answer_threshold"


class ActionUncertain(ActionAnswerFaq):
    """Low NLU confidence: the same decision; it never ends in «Jeg forstod ikke»."""

    def name(self) -> str:
        return "action_uncertain"
