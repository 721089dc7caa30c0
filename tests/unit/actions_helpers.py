"""Builds rasa-sdk trackers for action tests (rasa-sdk only, no server, no model)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def make_tracker(
    text: str = "",
    intent: str = "faq",
    slots: dict[str, Any] | None = None,
    ranking: list[str] | None = None,
    entities: list[dict] | None = None,
    active_loop: str | None = None,
    requested_slot: str | None = None,
    selected_confidence: float = 0.5,
    events: list[dict] | None = None,
) -> Tracker:
    """A tracker whose latest message has the given intent, FAQ ranking and entities.

    The ResponseSelector's choice is the first ranked topic, with `selected_confidence`."""
    selected = {"intent_response_key": f"faq/{ranking[0]}", "confidence": selected_confidence} if ranking else {}
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "response_selector": {
            "faq": {
                "response": selected,
                "ranking": [
                    {"intent_response_key": f"faq/{key}", "confidence": selected_confidence if i == 0 else 0.05}
                    for i, key in enumerate(ranking or [])
                ]
            }
        },
    }
    all_slots = {"requested_slot": requested_slot, **(slots or {})}
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": all_slots,
            "latest_message": latest,
            "events": events or [],
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )
