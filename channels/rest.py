"""The REST channel (POST /webhooks/rest/webhook) made safe for untrusted input.

Rasa's stock REST channel answers some malformed bodies with HTTP 500 and stores text as sent.
This one keeps the same name, path and response format, but answers bad requests with a clear
Norwegian 4xx and masks personal data before the message reaches NLU or the tracker store.
Faults (action server down, conversation database down) get a Norwegian apology with the human
contact instead of silence or a 500; GET /webhooks/rest/health reports the tracker store.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import handle_message, prepare_user_text, visible_messages
from stores.guarded import health_async as tracker_store_health

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 2000
MAX_SENDER_LENGTH = 200


def _error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def _validated(body: Any) -> tuple[str, str] | str:
    """(sender, message) from a request body, or a Norwegian reason why it was refused."""
    if not isinstance(body, dict):
        return 'Forventet JSON som {"sender": "...", "message": "..."}.'
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH:
        return f"Feltet «sender» må være en tekst på 1–{MAX_SENDER_LENGTH} tegn."
    if not isinstance(message, str):
        return "Feltet «message» må være en tekst."
    if "\x00" in message or "\x00" in sender:
        return "Meldingen inneholder ugyldige tegn."
    if not message.strip():
        return "Meldingen er tom. Skriv et spørsmål, så svarer jeg."
    if len(message) > MAX_MESSAGE_LENGTH:
        return f"Meldingen er for lang (høyst {MAX_MESSAGE_LENGTH} tegn)."
    return sender, message


class SafeRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("safe_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/health", methods=["GET"])
        async def store_health(request: Request) -> HTTPResponse:
            """200 when conversations can be stored, 503 (and the reason) when the database is down."""
            store = await tracker_store_health()
            ok = store["available"] is not False
            body = {"status": "ok" if ok else "unavailable", "tracker_store": store}
            if not ok:
                body["message"] = (
                    "Samtalelageret (databasen) er ikke tilgjengelig. Meldinger avvises til det er tilbake."
                )
            return response.json(body, status=200 if ok else 503)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # invalid JSON or invalid UTF-8 is the client's error
                body = None
            checked = _validated(body)
            if isinstance(checked, str):
                status = 413 if "for lang" in checked else 400
                return _error(checked, status)
            sender, message = checked
            collector = CollectingOutputChannel()
            problem = await handle_message(
                on_new_message, UserMessage(prepare_user_text(message), collector, sender, input_channel=self.name())
            )
            if problem:
                return _error(problem, 503)
            # API clients and `make evaluate-answers` may ask for the answer records with ?answer_records=1.
            if request.args.get("answer_records") == "1":
                return response.json(collector.messages)
            return response.json(visible_messages(collector.messages))

        return webhook
