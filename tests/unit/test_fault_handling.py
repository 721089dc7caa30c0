"""The guarded tracker store and the channels' fault handling, without servers."""

import asyncio
import logging

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from advisor.contacts import contact_text
from channels.common import ACTION_TROUBLE, STORE_DOWN, handle_message
from stores.guarded import HEALTH, GuardedSQLTrackerStore, TrackerStoreUnavailable, health

DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  topic:\n    type: text\n    mappings: [{type: custom}]\n")


def test_store_starts_without_its_database_reports_it_and_recovers(tmp_path):
    folder = tmp_path / "db"
    store = GuardedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(folder / "tracker.db"))
    assert HEALTH.available is False and "unable to open" in HEALTH.last_error
    assert health()["available"] is False

    with pytest.raises(TrackerStoreUnavailable) as refused:
        asyncio.run(store.retrieve("a"))
    assert not isinstance(refused.value, Exception)  # passes through Rasa's FailSafeTrackerStore

    folder.mkdir()
    assert health()["available"] is True
    tracker = DialogueStateTracker.from_events("a", [UserUttered("hei"), SlotSet("topic", "x")], slots=DOMAIN.slots)
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("a")).get_slot("topic") == "x"

    folder.rename(tmp_path / "away")
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.save(tracker))
    assert health()["available"] is False
    (tmp_path / "away").rename(folder)
    assert asyncio.run(store.retrieve("a")).get_slot("topic") == "x"
    assert HEALTH.available is True


def _message() -> UserMessage:
    return UserMessage("hei", CollectingOutputChannel(), "someone")


def test_database_down_becomes_a_norwegian_apology_with_the_contact():
    async def on_new_message(message):
        raise TrackerStoreUnavailable("down")

    problem = asyncio.run(handle_message(on_new_message, _message()))
    assert problem.startswith(STORE_DOWN) and contact_text() in problem


def test_unexpected_error_becomes_an_apology_not_a_500():
    async def on_new_message(message):
        raise RuntimeError("internal detail")

    problem = asyncio.run(handle_message(on_new_message, _message()))
    assert "Beklager" in problem and "internal detail" not in problem


def test_failed_custom_action_adds_an_apology_to_the_answers():
    message = _message()

    async def on_new_message(msg):
        msg.output_channel.messages.append({"recipient_id": "someone", "text": "Hei!"})
        logging.getLogger("rasa.core.processor").error("Encountered an exception while running action 'x'.")

    assert asyncio.run(handle_message(on_new_message, message)) is None
    answers = [m["text"] for m in message.output_channel.messages]
    assert answers[0] == "Hei!" and answers[1].startswith(ACTION_TROUBLE) and contact_text() in answers[1]


def test_a_working_turn_is_left_alone_and_failures_do_not_leak_between_turns():
    message = _message()

    async def fails(msg):
        logging.getLogger("rasa.core.processor").error("Encountered an exception while running action 'x'.")

    async def works(msg):
        msg.output_channel.messages.append({"recipient_id": "someone", "text": "Hei!"})

    asyncio.run(handle_message(fails, _message()))
    assert asyncio.run(handle_message(works, message)) is None
    assert [m["text"] for m in message.output_channel.messages] == ["Hei!"]
