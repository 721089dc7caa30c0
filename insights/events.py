"""Rasa's stored event format (`Event.as_dict()`, one dict per tracker event) read into turns.

A *turn* is one user message and everything the assistant did until the next one: the actions that ran, the
slots they set and the answer records they sent (advisor/answer_records.py). The report (insights/report.py)
reads turns from the tracker store.

A conversation is a Rasa session, except that a session started sooner than the pause that ends a session
(`session_expiration_time` in domain.yml) continues the conversation: Rasa started it because the session had
grown long (stores/server_tuning.py), not because the user came back later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from advisor.answer_records import record_in
from advisor.topics import topic_key_from_response_key

_BOOKKEEPING_ACTIONS = {"action_listen", "action_extract_slots", "action_session_start", "action_unlikely_intent"}


DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"


@lru_cache(maxsize=1)
def session_pause_seconds() -> float:
    """The pause after which Rasa starts a new session (domain.yml, session_config), in seconds."""
    config = (yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8")) or {}).get("session_config") or {}
    return float(config.get("session_expiration_time", 60)) * 60


def record_of_bot_event(event: Mapping[str, Any]) -> dict | None:
    """The answer record a stored bot event carries in its data ({"data": {"custom": …}}), or None."""
    return record_in((event.get("data") or {}).get("custom"))


@dataclass
class Turn:
    timestamp: float
    text: str
    intent: str | None
    confidence: float | None
    entities: dict[str, Any]
    nlu_guess: str | None  # best intent other than nlu_fallback (faq/<key> for the FAQ)
    nlu_guess_confidence: float | None
    loop_before: str | None
    actions: list[str] = field(default_factory=list)  # executed, not rejected, bookkeeping left out
    # actions and slot changes in stored order: ("action", name, None) or ("slot", name, value)
    timeline: list[tuple[str, str, Any]] = field(default_factory=list)
    # what the answering actions recorded ({"kind", "topic", "legal"}; see advisor/answer_records.py)
    records: list[dict[str, Any]] = field(default_factory=list)


def _user_turn(event: Mapping[str, Any], loop: str | None) -> Turn:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    entities: dict[str, Any] = {}
    for entity in parse.get("entities") or []:
        if isinstance(entity, dict) and entity.get("entity"):
            entities.setdefault(entity["entity"], entity.get("value"))
    selector = ((parse.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    selector_key = topic_key_from_response_key(selector.get("intent_response_key"))
    guess, guess_confidence = None, None
    for item in parse.get("intent_ranking") or []:
        name = item.get("name")
        if name and name != "nlu_fallback":
            guess, guess_confidence = name, item.get("confidence")
            break
    if guess == "faq" and selector_key:
        guess = f"faq/{selector_key}"
    return Turn(
        timestamp=float(event.get("timestamp") or 0.0),
        text=str(event.get("text") or ""),
        intent=intent.get("name"),
        confidence=intent.get("confidence"),
        entities=entities,
        nlu_guess=guess,
        nlu_guess_confidence=guess_confidence,
        loop_before=loop,
    )


def _continues(last_activity: float | None, session_started: Mapping[str, Any]) -> bool:
    """A session started without the pause that ends one: the same conversation, cut for length."""
    started = session_started.get("timestamp")
    if last_activity is None or started is None:
        return False
    return float(started) - float(last_activity) < session_pause_seconds()


def turns_of(events: Iterable[Mapping[str, Any]]) -> list[list[Turn]]:
    """The turns of one sender's events, split into sessions (Rasa's «session_started»)."""
    sessions: list[list[Turn]] = [[]]
    loop: str | None = None
    turn: Turn | None = None
    last_activity: float | None = None  # of the latest user or bot message: what a session pause is counted from
    for event in events:
        kind = event.get("event")
        if kind == "session_started" and _continues(last_activity, event):
            continue
        if kind in ("user", "bot"):
            last_activity = event.get("timestamp") or last_activity
        if kind == "user":
            turn = _user_turn(event, loop)
            sessions[-1].append(turn)
        elif kind in ("session_started", "restart"):
            loop, turn = None, None
            if sessions[-1]:
                sessions.append([])
        elif kind == "active_loop":
            loop = event.get("name")
        elif turn is None:
            continue
        elif kind == "action":
            name = event.get("name")
            if name and name not in _BOOKKEEPING_ACTIONS:
                turn.actions.append(name)
                turn.timeline.append(("action", name, None))
        elif kind == "action_execution_rejected":
            name = event.get("name")
            if name in turn.actions:
                turn.actions.reverse()
                turn.actions.remove(name)  # the last occurrence
                turn.actions.reverse()
        elif kind == "bot":
            record = record_of_bot_event(event)
            if record is not None:
                turn.records.append(record)
        elif kind == "slot":
            turn.timeline.append(("slot", str(event.get("name")), event.get("value")))
    return [session for session in sessions if session]
