"""Actions for the basic conversation: human contact, topic buttons, low confidence."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.thresholds import threshold_answer_for_amount
from advisor.contacts import contact_text
from advisor.search import knowledge_index
from advisor.topics import all_topics, nearest_topics, topic_key_from_response_key

FAQ_RETRIEVAL_INTENT = "faq"
# Value of the `topic` slot when a FAQ or fallback turn was answered with the threshold rules.
THRESHOLD_TOPIC = "terskelverdier"
# Answers by these actions are always about the law.
ALWAYS_LEGAL_ACTIONS = frozenset({"action_answer_threshold", "action_recommend_procedure"})


def ranked_faq_keys(tracker: Tracker) -> list[str]:
    """FAQ topic keys from the response selector's ranking of the latest message, best first."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(FAQ_RETRIEVAL_INTENT) or {}
    ranking = selector.get("ranking") or []
    keys = [topic_key_from_response_key(item.get("intent_response_key")) for item in ranking]
    return [key for key in keys if key]


def previous_action(tracker: Tracker) -> str | None:
    """The name of the action that ran just before the current one."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


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


# Below this ResponseSelector confidence a FAQ answer is not trusted on its own: the knowledge search
# decides instead. Measured on tests/nlu_test.yml (docs/benchmarks.md): 0.3 lets ~95 % of the right
# answers through directly and stops off-topic messages that DIET still labels «faq» (those score < 0.25).
FAQ_MIN_CONFIDENCE = 0.3


def selected_faq(tracker: Tracker) -> tuple[str | None, float]:
    """The FAQ topic the ResponseSelector chose for the latest message, and its confidence."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(FAQ_RETRIEVAL_INTENT) or {}
    response = selector.get("response") or {}
    return topic_key_from_response_key(response.get("intent_response_key")), float(response.get("confidence") or 0.0)


def answer_when_unsure(
    dispatcher: CollectingDispatcher, tracker: Tracker, preferred: list[str] | None = None
) -> str | None:
    """Answer from the knowledge search with its source, or offer the nearest topics, the menu and a person.

    Returns the key of the topic whose answer was shown, if any."""
    text = tracker.latest_message.get("text") or ""
    threshold_answer = threshold_answer_for_amount(tracker)
    if threshold_answer:
        # «vi er statlige og skal kjøpe varer for 1,45 mill» is a threshold question even without a question word.
        dispatcher.utter_message(text=threshold_answer)
        return THRESHOLD_TOPIC
    best, others = knowledge_index().best_answer(text)
    preferred = preferred or []
    if best is not None:
        dispatcher.utter_message(text="Jeg er usikker på om jeg forstod deg riktig, men dette kan svare på spørsmålet:")
        dispatcher.utter_message(response=f"utter_faq/{best.key}")
        alternatives = [key for key in [*preferred, *(hit.key for hit in others)] if key != best.key]
        suggestions = nearest_topics(alternatives, limit=2)
        if suggestions:
            dispatcher.utter_message(text="Mente du noe av dette?", buttons=topic_buttons(suggestions))
        return best.key
    ranked = [*preferred, *(hit.key for hit in others), *ranked_faq_keys(tracker)]
    buttons = topic_buttons(nearest_topics(ranked, limit=3))
    buttons += [{"title": "Vis menyen", "payload": "/help"}, {"title": "Kontakt innkjøp", "payload": "/request_human"}]
    dispatcher.utter_message(
        text="Jeg er usikker på hva du mener, og fant ikke noe svar i kunnskapsbasen min. "
        "Mente du et av disse temaene? Du kan også skrive spørsmålet på en annen måte.",
        buttons=buttons,
    )
    return None


class ActionAnswerFaq(Action):
    """Answers a FAQ question with the selected topic, or via the knowledge search when the choice is unsure.

    DIET is often very sure that a message is «some FAQ» even when it is off-topic; the
    ResponseSelector's confidence tells whether the specific topic is right.
    """

    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
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
