"""The widget channel decides on «Var dette nyttig?» from the bot's own messages, never by reading the tracker store.

One message goes through the channel's real /message handler; a fake agent answers it the way Rasa does
(reads and saves the tracker, then sends the bot messages to the output channel) and its tracker store
counts every read. After the turn the channel must not read the store again.
"""

import asyncio
import json
from types import SimpleNamespace

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from advisor.answer_records import FAQ, UNKNOWN, record_payload
from channels.webchat import WebchatInput

READ_METHODS = (
    "retrieve", "retrieve_full_tracker", "exists", "keys", "get_or_create_tracker", "get_or_create_full_tracker",
)


class CountingTrackerStore(InMemoryTrackerStore):
    """An in-memory tracker store that counts every read, however it is made."""

    def __init__(self) -> None:
        super().__init__(Domain.empty())
        self.reads: list[str] = []
        for name in READ_METHODS:
            setattr(self, name, self._counted(name, getattr(self, name)))

    def _counted(self, name, method):
        async def read(*args, **kwargs):
            self.reads.append(name)
            return await method(*args, **kwargs)

        return read


class FakeAgent:
    """Answers like Rasa's agent: the turn's own tracker read and save, then the bot's messages."""

    def __init__(self, bot_messages: list[dict]) -> None:
        self.tracker_store = CountingTrackerStore()
        self.bot_messages = bot_messages
        self.reads_in_turn: int | None = None

    async def handle_message(self, message) -> None:
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text))
        await self.tracker_store.save(tracker)
        for bot_message in self.bot_messages:
            if "custom" in bot_message:
                await message.output_channel.send_custom_json(message.sender_id, bot_message["custom"])
            else:
                await message.output_channel.send_text_message(message.sender_id, bot_message["text"])
        self.reads_in_turn = len(self.tracker_store.reads)


def _message_handler(channel: WebchatInput, agent: FakeAgent):
    blueprint = channel.blueprint(agent.handle_message)
    return next(route.handler for route in blueprint._future_routes if route.uri == "/message")


def send_one_message(bot_messages: list[dict]) -> tuple[dict, FakeAgent]:
    channel = WebchatInput()
    agent = FakeAgent(bot_messages)
    # As in Rasa's server, the agent (and so its tracker store) is reachable from every request.
    request = SimpleNamespace(
        method="POST", headers={}, app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)),
        json={"session": channel.signer.new_token(), "message": "hva er en innovativ anskaffelse?"},
    )
    reply = asyncio.run(_message_handler(channel, agent)(request))
    assert reply.status == 200
    return json.loads(reply.body), agent


ANSWER = {"text": "En innovativ anskaffelse er …"}


def test_a_recorded_faq_answer_is_offered_feedback_without_a_store_read_after_the_turn():
    body, agent = send_one_message([ANSWER, {"custom": record_payload(FAQ, "innovativ_definisjon", False)}])
    assert body["feedback_topic"] == "innovativ_definisjon"
    assert body["messages"] == [{"recipient_id": body["messages"][0]["recipient_id"], "text": ANSWER["text"]}]
    assert agent.reads_in_turn >= 1  # the fake really counts the turn's own reads
    assert len(agent.tracker_store.reads) == agent.reads_in_turn, agent.tracker_store.reads


@pytest.mark.parametrize("bot_messages", [[ANSWER], [ANSWER, {"custom": record_payload(UNKNOWN, None, False)}]])
def test_no_feedback_without_a_factual_answer_record_and_still_no_store_read(bot_messages):
    body, agent = send_one_message(bot_messages)
    assert "feedback_topic" not in body
    assert len(agent.tracker_store.reads) == agent.reads_in_turn, agent.tracker_store.reads


def test_the_counting_store_notices_a_read_after_the_turn():
    _body, agent = send_one_message([ANSWER])
    asyncio.run(agent.tracker_store.retrieve_full_tracker("webchat-x"))
    asyncio.run(agent.tracker_store.retrieve("webchat-x"))
    assert agent.tracker_store.reads[agent.reads_in_turn:] == ["retrieve_full_tracker", "retrieve"]
