"""Actions for the basic conversation: human contact and topic buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.form_base import question_of, send
from advisor.answer_decision import answer_topic
from advisor.contacts import contact_text
from advisor.topics import all_topics


class ActionHumanContact(Action):
    def name(self) -> str:
        return "action_human_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(text=contact_text())
        return []


class ActionShowTopic(Action):
    """Shows a FAQ answer chosen by button (for the conversation's case), so buttons never depend on NLU."""

    def name(self) -> str:
        return "action_show_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        key = tracker.get_slot("topic")
        if key not in all_topics():
            dispatcher.utter_message(response="utter_help")
            return [SlotSet("topic", None)]
        return send(dispatcher, answer_topic(question_of(tracker), key), keep_case=True)
