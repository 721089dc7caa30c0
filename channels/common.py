"""Input handling shared by the REST and widget channels."""

from __future__ import annotations

import re

from advisor.privacy import mask_personal_data

# Button payloads the assistant itself sends; any other «/intent» typed by a user is treated as text,
# so nobody can restart a conversation or inject intents and entities by typing a command.
ALLOWED_PAYLOAD_INTENTS = frozenset({"show_topic", "help", "request_human"})
_PAYLOAD = re.compile(r"^\s*/([A-Za-z_][\w/]*)")


def prepare_user_text(text: str) -> str:
    """The text a channel hands to Rasa: personal data masked, foreign commands neutralised."""
    text = mask_personal_data(text.strip())
    match = _PAYLOAD.match(text)
    if match and match.group(1) not in ALLOWED_PAYLOAD_INTENTS:
        text = text.lstrip().lstrip("/").strip() or "?"
    return text
