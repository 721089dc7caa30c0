"""The start of a session: after a pause, or when a long conversation goes on in a new session
(stores/server_tuning.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionSessionStart(Action):
    """Carries every slot's current value over once (domain.yml: carry_over_slots_to_new_session).

    Rasa's own session start repeats every slot event of the old session, so a conversation cut into sessions
    for length would carry a longer list into each new one; the current values say the same in a few events."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        carried = [SlotSet(name, value) for name, value in sorted(tracker.slots.items()) if value is not None]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]
