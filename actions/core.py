"""Actions for the basic conversation: human contact, topic buttons, low confidence."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.checklist import record_typed_checklist_answer
from actions.fallback import (
    FAQ_MIN_CONFIDENCE,
    THRESHOLD_TOPIC,
    answer_when_unsure,
    selected_faq,
)
from advisor.contacts import contact_text
from advisor.topics import all_topics

# Answers by these actions are always about the law.
ALWAYS_LEGAL_ACTIONS = frozenset({"action_answer_threshold", "action_recommend_procedure"})


def previous_action(tracker: Tracker) -> str | None:
    """The name of the action that ran just before the current one."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


class ActionHumanContact(Action):
    def name(self) -> str:
        return "action_human_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(text=contact_text())
        return []


class ActionShowTopic(Action):
    """Shows a FAQ answer chosen by button, so buttons never depend on NLU."""

    def name(self) -> str:
        return "action_show_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        key = tracker.get_slot("topic")
        if key not in all_topics():
            dispatcher.utter_message(response="utter_help")
            return [SlotSet("topic", None)]
        dispatcher.utter_message(response=f"utter_faq/{key}")
        return []


class ActionLegalNotice(Action):
    """Says once per conversation that the bot gives guidance, not legal advice, after a legal answer."""

    def name(self) -> str:
        return "action_legal_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        if tracker.get_slot("legal_notice_given"):
            return []
        if previous_action(tracker) in ALWAYS_LEGAL_ACTIONS:
            legal = True
        else:
            # The FAQ actions record in `topic` which answer was actually shown this turn.
            key = tracker.get_slot("topic") or ""
            topic = all_topics().get(key)
            legal = key == THRESHOLD_TOPIC or (topic is not None and topic.legal)
        if not legal:
            return []
        dispatcher.utter_message(response="utter_legal_notice")
        return [SlotSet("legal_notice_given", True)]


class ActionAnswerFaq(Action):
    """Answers a FAQ question with the selected topic, or via the knowledge search when the choice is unsure.

    DIET is often very sure that a message is «some FAQ» even when it is off-topic; the
    ResponseSelector's confidence tells whether the specific topic is right.
    """

    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        # In the checklist, a statement such as «vi har ikke kartlagt behovet» answers the question.
        answered = record_typed_checklist_answer(dispatcher, tracker)
        if answered is not None:
            return answered
        key, confidence = selected_faq(tracker)
        if key in all_topics() and confidence >= FAQ_MIN_CONFIDENCE:
            dispatcher.utter_message(response=f"utter_faq/{key}")
            return [SlotSet("topic", key)]
        shown = answer_when_unsure(dispatcher, tracker, preferred=[key] if key else [])
        return [SlotSet("topic", shown)]


class ActionUncertain(Action):
    """Low NLU confidence: answer from the knowledge search with its source, or offer topics.

    Never a dead end: a good search hit is shown with «Mente du …?» buttons; without one the
    user gets the nearest topics, the menu and the human contact.
    """

    def name(self) -> str:
        return "action_uncertain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return [SlotSet("topic", answer_when_unsure(dispatcher, tracker))]
