"""Answering when the bot is unsure: the knowledge search, a threshold answer, or the nearest topics.

Shared by the FAQ, fallback and checklist actions.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.thresholds import threshold_answer_for_amount
from advisor.search import knowledge_index
from advisor.topics import nearest_topics, topic_key_from_response_key

FAQ_RETRIEVAL_INTENT = "faq"
# Value of the `topic` slot when a FAQ or fallback turn was answered with the threshold rules.
THRESHOLD_TOPIC = "terskelverdier"


def _faq_selection(tracker: Tracker) -> dict:
    """The ResponseSelector's output for the FAQ retrieval intent on the latest message."""
    return (tracker.latest_message.get("response_selector") or {}).get(FAQ_RETRIEVAL_INTENT) or {}


def ranked_faq_keys(tracker: Tracker) -> list[str]:
    """FAQ topic keys from the response selector's ranking of the latest message, best first."""
    ranking = _faq_selection(tracker).get("ranking") or []
    keys = [topic_key_from_response_key(item.get("intent_response_key")) for item in ranking]
    return [key for key in keys if key]


def topic_buttons(topics) -> list[dict[str, str]]:
    return [{"title": topic.title, "payload": topic.payload} for topic in topics]


# Below this ResponseSelector confidence a FAQ answer is not trusted on its own: the knowledge search
# decides instead. Measured on tests/nlu_test.yml (docs/benchmarks.md): 0.3 lets ~95 % of the right
# answers through directly and stops off-topic messages that DIET still labels «faq» (those score < 0.25).
FAQ_MIN_CONFIDENCE = 0.3


def selected_faq(tracker: Tracker) -> tuple[str | None, float]:
    """The FAQ topic the ResponseSelector chose for the latest message, and its confidence."""
    response = _faq_selection(tracker).get("response") or {}
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
