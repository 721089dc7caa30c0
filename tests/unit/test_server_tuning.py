"""The two adjustments to Rasa's message processing (stores/server_tuning.py) and the session start action."""

import asyncio
import inspect

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.tensorflow.models import RasaModel
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from stores import server_tuning
from tests.unit.actions_helpers import make_tracker

VALID = {"events": [{"event": "slot", "name": "topic", "value": "x"}], "responses": [{"text": "Hei"}]}
INVALID = {"events": [{"event": 42}], "responses": []}


def rasa_original_check(result):
    from jsonschema import validate

    validate(result, RemoteAction.action_response_format_spec())


def test_the_compiled_reply_check_accepts_and_rejects_what_rasas_check_does():
    check = server_tuning.compiled_reply_check()
    assert check(None, VALID) is True
    rasa_original_check(VALID)
    with pytest.raises(ValidationError) as ours:
        check(None, INVALID)
    with pytest.raises(ValidationError) as theirs:
        rasa_original_check(INVALID)
    assert ours.value.message.startswith(theirs.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def tracker_with(turns: int, form: str | None = None) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    for i in range(turns):
        events += [UserUttered(f"spørsmål {i}", {"name": "faq", "confidence": 0.9}),
                   ActionExecuted("action_answer_faq"), SlotSet("topic", f"t{i}"), ActionExecuted("action_listen")]
    if form:
        events.append(ActiveLoop(form))
    return DialogueStateTracker.from_events("s", events)


def test_a_long_session_ends_unless_a_form_is_active():
    assert not server_tuning.session_too_long(tracker_with(10), 100)
    assert server_tuning.session_too_long(tracker_with(30), 100)
    assert not server_tuning.session_too_long(tracker_with(30, form="checklist_form"), 100)


def test_installed_limit_makes_rasa_start_a_new_session_for_a_long_one(monkeypatch):
    monkeypatch.setattr(server_tuning, "_installed_session_limit", None)
    monkeypatch.setattr(MessageProcessor, "_has_session_expired", MessageProcessor._has_session_expired)
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(RasaModel, "load", inspect.getattr_static(RasaModel, "load"))
    server_tuning.install(100)
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.domain = Domain.from_dict({"session_config": {"session_expiration_time": 120}})
    assert processor._has_session_expired(tracker_with(30)) is True
    assert processor._has_session_expired(tracker_with(10)) is False  # recent, short: Rasa's own rule says no
    assert RemoteAction._validate_action_result.compiled_once
    assert RasaModel.load.builds_weights_eagerly


def test_the_session_start_carries_each_slots_current_value_once():
    tracker = make_tracker(slots={"topic": "frister_karens", "legal_notice_given": True, "buyer_type": None})
    events = asyncio.run(ActionSessionStart().run(CollectingDispatcher(), tracker, {}))
    assert events[0]["event"] == "session_started" and events[-1] == {**events[-1], "name": "action_listen"}
    slots = [(e["name"], e["value"]) for e in events if e["event"] == "slot"]
    assert ("topic", "frister_karens") in slots and ("legal_notice_given", True) in slots
    assert len(slots) == len({name for name, _ in slots}) and "buyer_type" not in dict(slots)
