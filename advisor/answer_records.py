"""The answer record: what an answering action says it answered, in one message of its own.

Format, in the message's custom payload: {"answer": {"kind": <one of KINDS>, "topic": <key or None>, "legal": bool}}.
Written by the actions (actions/answers.py) and read by the channels (feedback, stripping), the report and
`make evaluate-answers`. Plain dicts, no Rasa. A channel message carries the payload as {"custom": …}; the
stored bot event (Rasa's event format) is read by insights/events.py.
"""

from __future__ import annotations

from typing import Any

ANSWER_RECORD = "answer"
FAQ, THRESHOLD, PROCEDURE, UNKNOWN = "faq", "threshold", "procedure", "unknown"
# Starting a guided flow is an outcome too (not a factual answer: no «Var dette nyttig?»).
PROCEDURE_CHOOSER, CHECKLIST = "procedure_chooser", "checklist"
KINDS = (FAQ, THRESHOLD, PROCEDURE, UNKNOWN, PROCEDURE_CHOOSER, CHECKLIST)


def record_payload(kind: str, topic: str | None, legal: bool) -> dict[str, Any]:
    return {ANSWER_RECORD: {"kind": kind, "topic": topic, "legal": legal}}


def record_in(custom: Any) -> dict | None:
    """The answer record in a custom payload, or None."""
    record = custom.get(ANSWER_RECORD) if isinstance(custom, dict) else None
    return record if isinstance(record, dict) else None


def record_of_message(message: dict) -> dict | None:
    """The record of a channel message ({"custom": …}); a stored bot event is read by insights/events.py
    and, in a running conversation, by actions/answers.py."""
    return record_in(message.get("custom"))


def is_record_only(message: dict) -> bool:
    """A channel message that carries nothing but a record (stripped before the user sees it)."""
    return record_in(message.get("custom")) is not None and set(message) <= {"recipient_id", "custom"}
