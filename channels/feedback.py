"""The widget's «Var dette nyttig?» payload, checked before it reaches Rasa.

The widget sends /feedback{"rating": "ja"|"nei", "topic": "<key>", "comment": "..."}. Anyone can type
that text, so the channel rebuilds it from checked fields: it can only rate a topic in the sender's own
conversation, never set other entities or slots, and its comment is masked like any other user text.
"""

from __future__ import annotations

import json
import re

from advisor.privacy import mask_personal_data

FEEDBACK_INTENT = "feedback"
FEEDBACK_RATINGS = ("ja", "nei")
FEEDBACK_COMMENT_MAX = 500
_FEEDBACK = re.compile(r"^\s*/feedback(\{.*\})\s*$", re.DOTALL)
_TOPIC_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def feedback_payload(text: str) -> str | None:
    """The canonical /feedback payload for a well-formed feedback message, else None."""
    match = _FEEDBACK.match(text)
    if not match:
        return None
    try:
        fields = json.loads(match.group(1))
    except ValueError:
        return None
    if not isinstance(fields, dict) or not set(fields) <= {"rating", "topic", "comment"}:
        return None
    rating, topic, comment = fields.get("rating"), fields.get("topic"), fields.get("comment", "")
    if rating not in FEEDBACK_RATINGS or not isinstance(topic, str) or not _TOPIC_KEY.match(topic):
        return None
    if not isinstance(comment, str):
        return None
    clean = {"rating": rating, "topic": topic}
    # Masked after JSON decoding, so escapes such as \u0040 cannot hide an e-mail address.
    comment = mask_personal_data(" ".join(comment.split()))[:FEEDBACK_COMMENT_MAX].strip()
    if comment:
        clean["comment"] = comment
    return "/" + FEEDBACK_INTENT + json.dumps(clean, ensure_ascii=False)
