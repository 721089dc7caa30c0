"""«Var dette nyttig?»: thanks the user for a rating; the rating itself is the stored user event.

The widget sends /feedback{"rating": "ja"|"nei", "topic": "<key>", "comment": "..."}; the channel has
already validated the payload and masked the comment (channels/common.py), and the report reads the
ratings from the tracker store (insights/report.py). Nothing else is stored.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def feedback_entities(tracker: Tracker) -> dict[str, str]:
    """The feedback entities of the latest message (rating, topic, comment) as a dict."""
    found: dict[str, str] = {}
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") in ("rating", "topic", "comment") and isinstance(entity.get("value"), str):
            found.setdefault(entity["entity"], entity["value"])
    return found


class ActionFeedback(Action):
    def name(self) -> str:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        feedback = feedback_entities(tracker)
        if feedback.get("comment"):
            dispatcher.utter_message(response="utter_feedback_thanks_comment")
        elif feedback.get("rating") == "nei":
            dispatcher.utter_message(response="utter_feedback_thanks_not_useful")
        else:
            dispatcher.utter_message(response="utter_feedback_thanks")
        return []
