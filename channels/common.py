"""Input handling shared by the REST and widget channels."""

from __future__ import annotations

import logging
import re
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from advisor.answer_records import FAQ, PROCEDURE, THRESHOLD, is_record_only, record_of_message
from advisor.contacts import contact_text
from advisor.privacy import mask_personal_data
from channels.feedback import FEEDBACK_INTENT, feedback_payload
from stores.guarded import TrackerStoreUnavailable

# Button payloads the assistant itself sends; any other «/intent» typed by a user is treated as text,
# so nobody can restart a conversation or inject intents and entities by typing a command.
ALLOWED_PAYLOAD_INTENTS = frozenset({"show_topic", "help", "request_human", FEEDBACK_INTENT})
_PAYLOAD = re.compile(r"^\s*/([A-Za-z_][\w/]*)")


def prepare_user_text(text: str) -> str:
    """The text a channel hands to Rasa: personal data masked, foreign commands neutralised."""
    text = mask_personal_data(text.strip())
    match = _PAYLOAD.match(text)
    if match and match.group(1) == FEEDBACK_INTENT:  # rebuilt from checked fields, else plain text
        return feedback_payload(text) or text.lstrip().lstrip("/").strip() or "?"
    if match and match.group(1) not in ALLOWED_PAYLOAD_INTENTS:
        text = text.lstrip().lstrip("/").strip() or "?"
    return text


# --- Running one message through Rasa, with faults turned into polite Norwegian answers -------

logger = logging.getLogger(__name__)

STORE_DOWN = (
    "Beklager, jeg får ikke lagret samtalen akkurat nå, så jeg kan ikke svare. Prøv igjen om litt."
)
SERVER_TROUBLE = "Beklager, jeg får ikke svart akkurat nå. Prøv igjen om litt."
ACTION_TROUBLE = (
    "Beklager, en del av tjenesten svarer ikke akkurat nå, så svaret mitt kan mangle noe. Prøv igjen om litt."
)
TIMED_OUT = "Beklager, svaret tok for lang tid. Prøv igjen."

# Rasa's MessageProcessor logs an ERROR and carries on without the action's events when a custom
# action fails (for example when the action server is down), so the user would get no answer.
# This handler notices such records for the message being handled (via a context variable that
# holds a list per request) so that the channel can add an apology with the human contact.
_action_failures: ContextVar[list[str] | None] = ContextVar("action_failures", default=None)


class _ActionFailureWatcher(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        failures = _action_failures.get()
        if failures is not None and "running action" in str(record.msg):
            failures.append(str(record.msg)[:200])


_PROCESSOR_LOGGER = logging.getLogger("rasa.core.processor")
if not any(isinstance(h, _ActionFailureWatcher) for h in _PROCESSOR_LOGGER.handlers):
    _PROCESSOR_LOGGER.addHandler(_ActionFailureWatcher(level=logging.ERROR))


def with_contact(text: str) -> str:
    """The text followed by how to reach a person (knowledge/kontakt.yml)."""
    try:
        return f"{text}\n\nHaster det? {contact_text()}"
    except Exception:  # the apology must not fail because the contact file is broken
        logger.exception("Could not read the contact details.")
        return text


async def handle_message(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage
) -> str | None:
    """Runs one message through Rasa. None when it went well (the answers are in the message's
    output channel, an apology with the contact added if an action failed), else the Norwegian
    text for an HTTP 503 answer."""
    failures: list[str] = []
    token = _action_failures.set(failures)
    try:
        await on_new_message(message)
    except TrackerStoreUnavailable:
        logger.error("Message refused: the tracker store is unavailable (see /webhooks/rest/health).")
        return with_contact(STORE_DOWN)
    except CancelledError:
        logger.error("Message handling timed out.")
        return TIMED_OUT
    except Exception:  # never leak internals to the client
        logger.exception("Message could not be handled.")
        return with_contact(SERVER_TROUBLE)
    finally:
        _action_failures.reset(token)
    if failures:
        logger.error("Answered with an apology: %d custom action(s) failed.", len(failures))
        output = message.output_channel
        if isinstance(output, CollectingOutputChannel):
            output.messages.append({"recipient_id": message.sender_id, "text": with_contact(ACTION_TROUBLE)})
    return None


_FEEDBACK_TOPIC_BY_KIND = {THRESHOLD: "ask_threshold", PROCEDURE: "choose_procedure"}


def visible_messages(messages: list[dict]) -> list[dict]:
    """The messages the user sees: answer records are for the channel, the report and evaluations only."""
    return [message for message in messages if not is_record_only(message)]


def feedback_topic(messages: list[dict]) -> str | None:
    """The topic to ask «Var dette nyttig?» about: the turn gave a factual answer (FAQ, threshold, procedure)."""
    for record in filter(None, map(record_of_message, messages)):
        kind = record.get("kind")
        if kind == FAQ and record.get("topic"):
            return str(record["topic"])
        if kind in _FEEDBACK_TOPIC_BY_KIND:
            return _FEEDBACK_TOPIC_BY_KIND[kind]
    return None
