"""The adjustments to Rasa's message processing (stores/server_tuning.py) and the session start action."""

import asyncio
import inspect
import re
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.tensorflow.models import RasaModel
from rasa_sdk import Tracker
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
    monkeypatch.setattr(RemoteAction, "_action_call_format", RemoteAction._action_call_format)
    server_tuning.install(100)
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.domain = Domain.from_dict({"session_config": {"session_expiration_time": 120}})
    assert processor._has_session_expired(tracker_with(30)) is True
    assert processor._has_session_expired(tracker_with(10)) is False  # recent, short: Rasa's own rule says no
    assert RemoteAction._validate_action_result.compiled_once
    assert RasaModel.load.builds_weights_eagerly
    assert RemoteAction._action_call_format.current_turn_only


def test_the_session_start_carries_each_slots_current_value_once():
    tracker = make_tracker(slots={"topic": "frister_karens", "legal_notice_given": True, "buyer_type": None})
    events = asyncio.run(ActionSessionStart().run(CollectingDispatcher(), tracker, {}))
    assert events[0]["event"] == "session_started" and events[-1] == {**events[-1], "name": "action_listen"}
    slots = [(e["name"], e["value"]) for e in events if e["event"] == "slot"]
    assert ("topic", "frister_karens") in slots and ("legal_notice_given", True) in slots
    assert len(slots) == len({name for name, _ in slots}) and "buyer_type" not in dict(slots)


def form_turn_tracker(turns: int) -> DialogueStateTracker:
    """A long session whose latest turn is a form turn: user message, then the slot candidates to validate."""
    events = list(tracker_with(turns).events) + [
        UserUttered("kommune, 2 millioner", {"name": "inform", "confidence": 0.95}, input_channel="rest"),
        ActionExecuted("procedure_form"), ActiveLoop("procedure_form"),
        SlotSet("buyer_type", "kommune"), SlotSet("contract_value", 2_000_000)]
    return DialogueStateTracker.from_events("s", events)


def test_the_action_call_carries_the_same_state_with_the_current_turns_events_only():
    tracker = form_turn_tracker(30)
    domain = Domain.from_dict({"actions": ["validate_procedure_form"]})
    action = RemoteAction("validate_procedure_form", None)
    original = server_tuning.RASA_ORIGINALS.get("RemoteAction._action_call_format", RemoteAction._action_call_format)
    theirs = original(action, tracker, domain)
    ours = server_tuning.current_turn_call_format()(action, tracker, domain)
    assert {**ours["tracker"], "events": None} == {**theirs["tracker"], "events": None}
    assert {k: v for k, v in ours.items() if k != "tracker"} == {k: v for k, v in theirs.items() if k != "tracker"}
    assert len(theirs["tracker"]["events"]) > 100 and len(ours["tracker"]["events"]) == 5
    assert ours["tracker"]["events"] == theirs["tracker"]["events"][-5:]
    assert ours["tracker"]["events"][0]["event"] == "user"
    # what the SDK reads from the events is the same: the slots a form validation checks, the input channel
    sdk_theirs, sdk_ours = Tracker.from_dict(theirs["tracker"]), Tracker.from_dict(ours["tracker"])
    assert sdk_ours.slots_to_validate() == sdk_theirs.slots_to_validate() == {
        "buyer_type": "kommune", "contract_value": 2_000_000}
    assert sdk_ours.get_latest_input_channel() == sdk_theirs.get_latest_input_channel() == "rest"
    assert sdk_ours.latest_message == sdk_theirs.latest_message and sdk_ours.active_loop_name == "procedure_form"


def test_a_session_without_a_user_message_sends_all_its_events():
    events = [ActionExecuted("action_session_start"), SlotSet("topic", "x"), ActionExecuted("action_listen")]
    assert server_tuning.events_of_current_turn(events) == events


def test_no_action_reads_the_event_history_the_action_server_no_longer_gets():
    history_readers = re.compile(r"\.(events|applied_events|events_after_latest_restart|get_last_event_for|"
                                 r"idx_after_latest_restart)\b")
    actions = Path(__file__).resolve().parents[2] / "actions"
    readers = [f"{path.name}:{number}: {line.strip()}" for path in sorted(actions.glob("*.py"))
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if history_readers.search(line) and not line.lstrip().startswith(("from ", "import ", "#"))]
    assert not readers, "actions read tracker events that stores/server_tuning.py no longer sends:\n" + "\n".join(
        readers)
