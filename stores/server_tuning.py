"""Two measured adjustments to Rasa 3.6's message processing, installed by the tracker store (stores/guarded.py)
because it is the project code Rasa loads into its server process before the first message.

1. **The action server's reply is checked against a schema compiled once.** Rasa's `RemoteAction` calls
   `jsonschema.validate` on every reply, which re-checks the constant schema itself against the JSON-Schema
   meta-schema each time: about 35 ms of every action call on this machine (`make profile-turn`). The check of
   the reply is the same (same schema, same best-matching error, same message); only the schema is checked once.

2. **A session also ends after a number of events, not only after a pause.** Rasa loads, replays, featurises
   and sends to the action server every event of the current session on every turn, so a turn got slower with
   each turn before it (turn 141–150 cost four times turn 1–10). With `max_session_events` set for the tracker
   store, a new session starts before the next message once the session holds that many events and no form is
   active: Rasa's own session start (`action_session_start`, actions/session.py), which carries the slots over,
   so the conversation goes on where it was and the stored history keeps every event.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

_installed_session_limit: int | None = None


def compiled_reply_check():
    """A replacement for RemoteAction._validate_action_result with the schema compiled once."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error

    return validate_action_result


def session_too_long(tracker: Any, max_events: int) -> bool:
    """The current session (all the tracker holds: Rasa loads one session) is long and no form is active."""
    return len(tracker.events) >= max_events and not tracker.active_loop_name


def install(max_session_events: int | None) -> None:
    """Installs both adjustments once per process; the session limit only when it is configured."""
    global _installed_session_limit
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor

    if not getattr(RemoteAction._validate_action_result, "compiled_once", False):
        check = compiled_reply_check()
        check.compiled_once = True
        RemoteAction._validate_action_result = check
    if not max_session_events or _installed_session_limit is not None:
        return
    _installed_session_limit = int(max_session_events)
    expired_by_time = MessageProcessor._has_session_expired

    def has_session_expired(self: Any, tracker: Any) -> bool:
        if expired_by_time(self, tracker):
            return True
        if session_too_long(tracker, _installed_session_limit):
            logger.debug("Session of %s reached %s events; a new session starts.", tracker.sender_id,
                         _installed_session_limit)
            return True
        return False

    MessageProcessor._has_session_expired = has_session_expired
    logger.info("Sessions end after %s events or the configured pause.", _installed_session_limit)
