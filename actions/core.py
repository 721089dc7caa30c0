"""Actions for the basic conversation: human contact, topic buttons, low confidence."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from advisor.contacts import contact_text
from advisor.topics import all_topics, nearest_topics, topic_key_from_response_key

FAQ_RETRIEVAL_INTENT = "faq"


def ranked_faq_keys(tracker: Tracker) -> List[str]:
    """FAQ topic keys from the response selector's ranking of the latest message, best first."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(FAQ_RETRIEVAL_INTENT) or {}
    ranking = selector.get("ranking") or []
    keys = [topic_key_from_response_key(item.get("intent_response_key")) for item in ranking]
    return [key for key in keys if key]


def topic_buttons(topics) -> List[Dict[str, str]]:
    return [{"title": topic.title, "payload": topic.payload} for topic in topics]


class ActionHumanContact(Action):
    def name(self) -> Text:
        return "action_human_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        dispatcher.utter_message(text=contact_text())
        return []


class ActionShowTopic(Action):
    """Shows a FAQ answer chosen by button, so buttons never depend on NLU."""

    def name(self) -> Text:
        return "action_show_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        key = tracker.get_slot("topic")
        if key not in all_topics():
            dispatcher.utter_message(response="utter_help")
            return [SlotSet("topic", None)]
        dispatcher.utter_message(response=f"utter_faq/{key}")
        return []


class ActionLegalNotice(Action):
    """Says once per conversation that the bot gives guidance, not legal advice, after a legal answer."""

    def name(self) -> Text:
        return "action_legal_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if tracker.get_slot("legal_notice_given"):
            return []
        if tracker.latest_message.get("intent", {}).get("name") == "show_topic":
            key = tracker.get_slot("topic")
        else:
            ranked = ranked_faq_keys(tracker)
            key = ranked[0] if ranked else None
        topic = all_topics().get(key or "")
        if topic is None or not topic.legal:
            return []
        dispatcher.utter_message(response="utter_legal_notice")
        return [SlotSet("legal_notice_given", True)]


class ActionUncertain(Action):
    """Low NLU confidence: say so and offer the nearest topics instead of a dead end."""

    def name(self) -> Text:
        return "action_uncertain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        topics = nearest_topics(ranked_faq_keys(tracker), limit=3)
        buttons = topic_buttons(topics) + [{"title": "Vis menyen", "payload": "/help"}]
        dispatcher.utter_message(
            text="Jeg er usikker på hva du mener. Mente du et av disse temaene? "
            "Du kan også skrive spørsmålet på en annen måte.",
            buttons=buttons,
        )
        return []
