"""Actions for the basic conversation: human contact, topic buttons, low confidence."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from advisor.contacts import contact_text
from advisor.search import knowledge_index
from advisor.topics import all_topics, nearest_topics, topic_key_from_response_key

FAQ_RETRIEVAL_INTENT = "faq"


def ranked_faq_keys(tracker: Tracker) -> list[str]:
    """FAQ topic keys from the response selector's ranking of the latest message, best first."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(FAQ_RETRIEVAL_INTENT) or {}
    ranking = selector.get("ranking") or []
    keys = [topic_key_from_response_key(item.get("intent_response_key")) for item in ranking]
    return [key for key in keys if key]


def topic_buttons(topics) -> list[dict[str, str]]:
    return [{"title": topic.title, "payload": topic.payload} for topic in topics]


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
    """Low NLU confidence: answer from the knowledge search with its source, or offer topics.

    Never a dead end: a good search hit is shown with «Mente du …?» buttons; without one the
    user gets the nearest topics, the menu and the human contact.
    """

    def name(self) -> str:
        return "action_uncertain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        best, others = knowledge_index().best_answer(text)
        if best is not None:
            dispatcher.utter_message(text="Jeg er usikker på om jeg forstod deg riktig, men dette kan svare på spørsmålet:")
            dispatcher.utter_message(response=f"utter_faq/{best.key}")
            alternatives = nearest_topics([hit.key for hit in others], limit=2)
            if alternatives:
                dispatcher.utter_message(text="Mente du noe av dette?", buttons=topic_buttons(alternatives))
            return []
        ranked = [hit.key for hit in others] + ranked_faq_keys(tracker)
        buttons = topic_buttons(nearest_topics(ranked, limit=3))
        buttons += [{"title": "Vis menyen", "payload": "/help"}, {"title": "Kontakt innkjøp", "payload": "/request_human"}]
        dispatcher.utter_message(
            text="Jeg er usikker på hva du mener, og fant ikke noe svar i kunnskapsbasen min. "
            "Mente du et av disse temaene? Du kan også skrive spørsmålet på en annen måte.",
            buttons=buttons,
        )
        return []
