"""The one install point for the Rasa patches (stores/patches.py): version check, every patch in place, the
start-up log, and the session cut on every tracker store the project supports."""

import asyncio
import inspect
import logging

import pytest
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.tensorflow.models import RasaModel

from stores import patches, server_tuning
from stores.guarded import GuardedSQLTrackerStore


@pytest.fixture
def unpatched(monkeypatch):
    """Rasa as shipped for the duration of a test (whatever was installed before is restored afterwards)."""
    original = server_tuning.RASA_ORIGINALS
    monkeypatch.setattr(server_tuning, "_installed_session_limit", None)
    monkeypatch.setattr(patches, "_logged", False)
    monkeypatch.setattr(MessageProcessor, "_has_session_expired", original.get(
        "MessageProcessor._has_session_expired", MessageProcessor._has_session_expired))
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original.get(
        "RemoteAction._validate_action_result", RemoteAction._validate_action_result))
    monkeypatch.setattr(RasaModel, "load", original.get("RasaModel.load", inspect.getattr_static(RasaModel, "load")))
    monkeypatch.setattr(RemoteAction, "_action_call_format", original.get(
        "RemoteAction._action_call_format", RemoteAction._action_call_format))
    assert not any(patches.active().values())


def test_the_installed_rasa_is_the_version_the_patches_were_written_for():
    assert rasa.__version__ == patches.RASA_VERSION, (
        "Rasa changed: check every patch in stores/server_tuning.py against the new version, then update "
        "patches.RASA_VERSION"
    )


def test_install_refuses_another_rasa_version_and_changes_nothing(unpatched, monkeypatch):
    monkeypatch.setattr(patches, "rasa_version", lambda: "3.6.22")
    before = RemoteAction._validate_action_result
    with pytest.raises(patches.PatchError, match="written for Rasa 3.6.21, but Rasa 3.6.22"):
        patches.install(100)
    assert RemoteAction._validate_action_result is before
    assert not any(patches.active().values())


def test_install_puts_every_patch_in_place_and_logs_the_version_and_the_patches(unpatched, caplog):
    caplog.set_level(logging.INFO, logger="stores.patches")
    state = patches.install(100, caller="launcher")
    assert state == {"reply_check_compiled_once": True, "session_cut_after_events": 100,
                     "weights_built_eagerly": True, "action_call_current_turn": True}
    assert set(state) == set(patches.PATCHES)
    assert (f"Rasa {patches.RASA_VERSION} with patches: reply_check_compiled_once, session_cut_after_events=100, "
            "weights_built_eagerly, action_call_current_turn.") in caplog.text
    assert "installed by the tracker store" not in caplog.text
    patches.install(100, caller="tracker store")  # the store's check afterwards: no warning, no second log line
    assert caplog.text.count("with patches") == 1 and "installed by the tracker store" not in caplog.text


def test_a_patch_that_does_not_take_fails_the_install(unpatched, monkeypatch):
    real_install = server_tuning.install

    def install_without_the_reply_check(limit):
        saved = RemoteAction._validate_action_result
        real_install(limit)
        RemoteAction._validate_action_result = saved  # as if the patch had been dropped

    monkeypatch.setattr(server_tuning, "install", install_without_the_reply_check)
    with pytest.raises(patches.PatchError, match="reply_check_compiled_once"):
        patches.install(100)


def test_the_tracker_store_installing_first_is_warned_about(unpatched, caplog):
    caplog.set_level(logging.INFO, logger="stores.patches")
    patches.install(100, caller="tracker store")
    assert "start Rasa with `python -m stores.patches run" in caplog.text


def test_the_session_limit_is_read_from_the_endpoints_file(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: stores.guarded.GuardedSQLTrackerStore\n  max_session_events: 40\n")
    assert patches.max_session_events_from(endpoints) == 40
    endpoints.write_text("tracker_store:\n  type: stores.guarded.GuardedSQLTrackerStore\n  max_session_events: 0\n")
    assert patches.max_session_events_from(endpoints) is None
    endpoints.write_text("tracker_store:\n  type: stores.guarded.GuardedSQLTrackerStore\n")
    assert patches.max_session_events_from(endpoints) == 100
    assert patches.max_session_events_from(tmp_path / "missing.yml") == 100
    for shipped in ("endpoints.yml", "deploy/endpoints.sqlite.yml", "deploy/endpoints.postgresql.yml"):
        assert patches.max_session_events_from(patches.Path(__file__).parents[2] / shipped) == 100


def test_journald_lines_carry_the_syslog_priority_on_every_line():
    formatter = patches.JournaldFormatter()
    record = logging.LogRecord("rasa.core", logging.ERROR, __file__, 1, "first\nsecond", None, None)
    assert formatter.format(record) == "<3>rasa.core: first\n<3>second"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hei", None, None)
    assert formatter.format(record) == "<6>x: hei"


# --- the session cut on every store the project supports ---------------------------------------------------------

def _turns(count: int) -> list:
    events = []
    for i in range(count):
        events += [UserUttered(f"spørsmål {i}", {"name": "faq", "confidence": 0.9}),
                   ActionExecuted("action_answer_faq"), ActionExecuted("action_listen")]
    return events


def _two_sessions() -> DialogueStateTracker:
    """A long first session (40 turns) and a short current one (3 turns)."""
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"), *_turns(40),
              ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"), *_turns(3)]
    return DialogueStateTracker.from_events("lang-samtale", events)


@pytest.mark.parametrize("store_kind", ["memory", "sqlite"])
def test_the_session_cut_counts_only_the_current_session_in_every_store(store_kind, tmp_path, unpatched):
    domain = Domain.empty()
    if store_kind == "memory":
        store = InMemoryTrackerStore(domain)
    else:
        store = GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    asyncio.run(store.save(_two_sessions()))
    loaded = asyncio.run(store.retrieve("lang-samtale"))
    # The in-memory store gives back both sessions, the SQL store only the current one: the count is the same.
    assert server_tuning.current_session_length(loaded) == 1 + 3 * 3
    assert not server_tuning.session_too_long(loaded, 100)
    long_now = DialogueStateTracker.from_events("lang", [*_two_sessions().events, *_turns(40)])
    asyncio.run(store.save(long_now))
    assert server_tuning.session_too_long(asyncio.run(store.retrieve("lang")), 100)
