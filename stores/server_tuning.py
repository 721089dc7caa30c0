"""Four measured adjustments to Rasa 3.6's server. They are installed, checked and logged by ONE install point,
stores/patches.py (`python -m stores.patches run …` starts Rasa with them; tests that load the model call
`patches.install()`); this module holds the replacements themselves.

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

3. **The model's weights are built without tracing the training step.** To create weights of the right shapes
   before reading them from the model file, Rasa fits each TensorFlow model on one example; as a compiled graph
   that traces the whole training step with its gradients: 50 of the 58 s start-up. Run eagerly, the same one
   step takes a moment; the weights are then read from the file as before, and prediction is still compiled.

4. **The action server gets the current turn's events, not the whole session's.** Rasa sends every event of the
   session with each action call: 106–208 KiB per turn, 10 ms of the action server's 14 ms per turn, serialised
   by Rasa and parsed again by the SDK (`make profile-turn`). Our actions read slots, the latest message and the
   active form only (tests/unit/test_server_tuning.py checks that no action reads `tracker.events`); the SDK's
   form validation reads the slot events at the end of the list and the latest user event's channel. So the
   call carries the events from the latest user message on, plus the full state (slots, latest message, form).
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

logger = logging.getLogger(__name__)

_installed_session_limit: int | None = None
# Rasa's own functions, as found before replacing them (tests compare against them).
RASA_ORIGINALS: dict[str, Any] = {}


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


def load_without_tracing(original_load: Any) -> Any:
    """RasaModel.load with the one-example fit run eagerly (not in fine-tuning, which keeps Rasa's own)."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    def load(cls: Any, model_file_name: str, model_data_example: Any, predict_data_example: Any = None,
             finetune_mode: bool = False, *args: Any, **kwargs: Any) -> Any:
        if finetune_mode:
            return original_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                                 *args, **kwargs)
        model = cls(*args, **kwargs)
        learning_rate = kwargs.get("config", {}).get(LEARNING_RATE, 0.001)
        model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        # Back to the configured mode: Rasa's prediction reads the same flag and would otherwise run eagerly too.
        model.run_eagerly = kwargs.get("config", {}).get(RUN_EAGERLY)
        model.load_weights(model_file_name)
        if predict_data_example:
            model.run_inference(predict_data_example)  # traces the prediction graph once, as Rasa does
        return model

    load.builds_weights_eagerly = True
    return load


def events_of_current_turn(events: Any) -> list:
    """The events from the latest user message on; all of them when there is none (a session's first action)."""
    events = list(events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].type_name == "user":
            return events[index:]
    return events


def current_turn_call_format() -> Any:
    """A replacement for RemoteAction._action_call_format that sends the current turn's events only."""
    import rasa
    from rasa.shared.core.trackers import EventVerbosity

    def action_call_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
        state = tracker.current_state(EventVerbosity.NONE)
        state["events"] = [event.as_dict() for event in events_of_current_turn(tracker.events)]
        result = {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": state,
                  "version": rasa.__version__}
        if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
            result["domain"] = domain.as_dict()
        return result

    return action_call_format


def current_session_length(tracker: Any) -> int:
    """Events since the latest session start. The SQL store loads only the current session, but the in-memory
    store (tests, `rasa test`) and others hold every session: counting from the latest start is right for all."""
    from rasa.shared.core.events import SessionStarted

    length = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        length += 1
    return length


def session_too_long(tracker: Any, max_events: int) -> bool:
    """The current session is long and no form is active."""
    return not tracker.active_loop_name and current_session_length(tracker) >= max_events


def install(max_session_events: int | None) -> None:
    """Installs the adjustments once per process; the session limit only when it is configured."""
    global _installed_session_limit
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.utils.tensorflow.models import RasaModel

    if not getattr(RasaModel.load, "builds_weights_eagerly", False):
        RASA_ORIGINALS.setdefault("RasaModel.load", inspect.getattr_static(RasaModel, "load"))
        RasaModel.load = classmethod(load_without_tracing(RasaModel.load.__func__))
    if not getattr(RemoteAction._validate_action_result, "compiled_once", False):
        RASA_ORIGINALS.setdefault("RemoteAction._validate_action_result", RemoteAction._validate_action_result)
        check = compiled_reply_check()
        check.compiled_once = True
        RemoteAction._validate_action_result = check
    if not getattr(RemoteAction._action_call_format, "current_turn_only", False):
        RASA_ORIGINALS.setdefault("RemoteAction._action_call_format", RemoteAction._action_call_format)
        call_format = current_turn_call_format()
        call_format.current_turn_only = True
        RemoteAction._action_call_format = call_format
    if not max_session_events or _installed_session_limit is not None:
        return
    _installed_session_limit = int(max_session_events)
    expired_by_time = RASA_ORIGINALS.setdefault("MessageProcessor._has_session_expired",
                                                MessageProcessor._has_session_expired)

    def has_session_expired(self: Any, tracker: Any) -> bool:
        if expired_by_time(self, tracker):
            return True
        if session_too_long(tracker, _installed_session_limit):
            logger.debug("Session of %s reached %s events; a new session starts.", tracker.sender_id,
                         _installed_session_limit)
            return True
        return False

    has_session_expired.session_limit = _installed_session_limit
    MessageProcessor._has_session_expired = has_session_expired
    logger.debug("Sessions end after %s events or the configured pause.", _installed_session_limit)
