"""Input channel for the intranet chat widget.

Routes (under /webhooks/webchat/):
  GET  /              demo «intranett» page with the widget
  GET  /static/<file> widget assets from webchat/
  POST /session       issues a signed session token (or confirms a valid one)
  POST /message       {"session": token, "message": text} → {"messages": [...], "feedback_topic": key?}
  GET  /health        200 while conversations can be stored, 503 while the database is down (no details)

The server signs session tokens with a secret, so a client cannot attach to another user's
conversation by guessing or changing an id. Errors are answered in Norwegian, without internals.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import feedback_topic, handle_message, prepare_user_text, visible_messages
from stores.guarded import health_async as tracker_store_health

logger = logging.getLogger(__name__)

WEBCHAT_DIR = (Path(__file__).resolve().parent.parent / "webchat").resolve()
SENDER_PREFIX = "webchat-"

MESSAGE_TOO_LONG = "Meldingen er for lang. Del den gjerne opp i kortere spørsmål (høyst {limit} tegn)."
MESSAGE_EMPTY = "Meldingen er tom. Skriv et spørsmål, så svarer jeg."
BAD_REQUEST = "Forespørselen kunne ikke leses. Last siden på nytt og prøv igjen."
BAD_SESSION = "Samtalen er utløpt eller ugyldig. Last siden på nytt for å starte en ny samtale."


def _error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class SessionSigner:
    """Creates and checks tokens of the form «<id>.<hmac>»."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _signature(self, session_id: str) -> str:
        return hmac.new(self._secret, session_id.encode(), hashlib.sha256).hexdigest()[:32]

    def new_token(self) -> str:
        session_id = secrets.token_urlsafe(18)
        return f"{session_id}.{self._signature(session_id)}"

    def session_id(self, token: Any) -> str | None:
        """The session id if the token is authentic, else None."""
        if not isinstance(token, str) or token.count(".") != 1 or len(token) > 200:
            return None
        session_id, signature = token.split(".")
        if not session_id or not hmac.compare_digest(signature, self._signature(session_id)):
            return None
        return session_id


MIN_SECRET_LENGTH = 32
SECRET_MISSING = (
    "WEBCHAT_SECRET mangler eller er for kort (minst {minimum} tegn). Lag en lang, tilfeldig verdi, for eksempel "
    "med «openssl rand -hex 32», og sett den i miljøet før du starter Anskaffelseslosen."
)


class MissingSecret(RuntimeError):
    """The production profile refuses to start without a proper WEBCHAT_SECRET."""


def _secret_from_environment(required: bool = False) -> bytes:
    secret = os.environ.get("WEBCHAT_SECRET") or ""
    if required and len(secret) < MIN_SECRET_LENGTH:
        raise MissingSecret(SECRET_MISSING.format(minimum=MIN_SECRET_LENGTH))
    if secret:
        return secret.encode()
    logger.warning("WEBCHAT_SECRET is not set: using a random secret; sessions end when the server restarts.")
    return secrets.token_bytes(32)


class WebchatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebchatInput:
        credentials = credentials or {}
        return cls(
            allowed_origins=credentials.get("allowed_origins") or [],
            max_message_length=int(credentials.get("max_message_length") or 2000),
            require_secret=bool(credentials.get("require_secret")),
        )

    def __init__(
        self, allowed_origins: list | None = None, max_message_length: int = 2000, require_secret: bool = False
    ) -> None:
        self.allowed_origins = set(allowed_origins or [])
        self.max_message_length = max_message_length
        self.signer = SessionSigner(_secret_from_environment(required=require_secret))

    def _with_cors(self, request: Request, resp: HTTPResponse) -> HTTPResponse:
        origin = request.headers.get("origin")
        if origin and origin in self.allowed_origins:
            resp.headers["Access-Control-Allow-Origin"] = origin
            resp.headers["Access-Control-Allow-Headers"] = "Content-Type"
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            resp.headers["Vary"] = "Origin"
        return resp

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("webchat_channel", __name__)
        webchat.static("/static", str(WEBCHAT_DIR))

        @webchat.route("/", methods=["GET"])
        async def demo_page(request: Request) -> HTTPResponse:
            return await response.file(str(WEBCHAT_DIR / "index.html"))

        @webchat.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            """For monitoring behind the proxy: only whether conversations can be stored, no details."""
            store = await tracker_store_health()
            ok = store["available"] is not False
            return response.json({"status": "ok" if ok else "unavailable"}, status=200 if ok else 503)

        @webchat.route("/session", methods=["POST", "OPTIONS"])
        async def session(request: Request) -> HTTPResponse:
            if request.method == "OPTIONS":
                return self._with_cors(request, response.empty())
            body = _json_body(request)
            token = body.get("session") if isinstance(body, dict) else None
            if self.signer.session_id(token) is None:
                token = self.signer.new_token()
            return self._with_cors(request, response.json({"session": token}))

        @webchat.route("/message", methods=["POST", "OPTIONS"])
        async def message(request: Request) -> HTTPResponse:
            if request.method == "OPTIONS":
                return self._with_cors(request, response.empty())
            body = _json_body(request)
            if not isinstance(body, dict):
                return self._with_cors(request, _error(BAD_REQUEST, 400))
            session_id = self.signer.session_id(body.get("session"))
            if session_id is None:
                return self._with_cors(request, _error(BAD_SESSION, 401))
            text = body.get("message")
            if not isinstance(text, str) or not text.strip():
                return self._with_cors(request, _error(MESSAGE_EMPTY, 400))
            if len(text) > self.max_message_length:
                return self._with_cors(
                    request, _error(MESSAGE_TOO_LONG.format(limit=self.max_message_length), 413)
                )
            collector = CollectingOutputChannel()
            # Faults (action server or database down) become a Norwegian 503 or an apology, never a 500.
            problem = await handle_message(
                on_new_message,
                UserMessage(prepare_user_text(text), collector, SENDER_PREFIX + session_id, input_channel=self.name()),
            )
            if problem:
                return self._with_cors(request, _error(problem, 503))
            reply: dict[str, Any] = {"messages": visible_messages(collector.messages)}
            # A factual answer gets «Var dette nyttig?» in the widget, for the topic its record names.
            topic = feedback_topic(collector.messages)
            if topic:
                reply["feedback_topic"] = topic
            return self._with_cors(request, response.json(reply))

        return webchat


def _json_body(request: Request) -> Any:
    try:
        return request.json
    except Exception:  # malformed JSON is the client's problem, answered with 400
        return None
