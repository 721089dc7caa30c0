"""The one install point for this project's adjustments to Rasa's internals (stores/server_tuning.py).

Every process that loads the model gets the same patches, from here:
- servers start Rasa through this module: `python -m stores.patches run --model … --endpoints …`
  (scripts/serve.sh, tests/integration/servers.py); `python -m stores.patches test core …` (scripts/story_test.sh);
- code that loads the model in its own process calls `install()` first (scripts/nlu_gate.py);
- the tracker store (stores/guarded.py) calls `install()` too, as a fallback for a plain `rasa run`: it logs a
  WARNING then, because a store swapped in endpoints.yml would not do it.

`install()` refuses any Rasa version but the one the patches were written and measured for, installs the patches,
checks that each is in place and logs the Rasa version and the active patches once per process.

As a launcher this module also sets the log format: with ANSKAFFELSESLOSEN_LOG_FORMAT=journald (the production
profile, scripts/serve.sh) each line starts with its syslog priority («<3>» for errors) and no timestamp, which
journald stores as the entry's priority (`journalctl -u anskaffelseslosen-rasa -p warning`).
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# The Rasa release the patches were written for and measured on (docs/benchmarks.md). Another release may have
# changed the patched internals: check each patch against its code, then change this line.
RASA_VERSION = "3.6.21"
# name → what it changes (for the start-up log and docs)
PATCHES = {
    "reply_check_compiled_once": "RemoteAction._validate_action_result: the action server's reply is checked "
                                 "against a schema compiled once",
    "session_cut_after_events": "MessageProcessor._has_session_expired: a new session after N events without a form",
    "weights_built_eagerly": "RasaModel.load: the weights are built with one eager step at start-up",
    "action_call_current_turn": "RemoteAction._action_call_format: the action server gets the current turn's "
                                "events, not the whole session's",
}
_logged = False


class PatchError(RuntimeError):
    """The patches cannot be installed as written (another Rasa version, or a patch did not take)."""


def rasa_version() -> str:
    import rasa

    return rasa.__version__


def active() -> dict[str, Any]:
    """Which patches are in place in this process (the session cut gives its event limit)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.utils.tensorflow.models import RasaModel

    from stores import server_tuning

    limit = getattr(MessageProcessor._has_session_expired, "session_limit", None)
    return {
        "reply_check_compiled_once": bool(getattr(RemoteAction._validate_action_result, "compiled_once", False)),
        "session_cut_after_events": limit if limit and limit == server_tuning._installed_session_limit else False,
        "weights_built_eagerly": bool(getattr(RasaModel.load, "builds_weights_eagerly", False)),
        "action_call_current_turn": bool(getattr(RemoteAction._action_call_format, "current_turn_only", False)),
    }


def install(max_session_events: int | None, caller: str = "") -> dict[str, Any]:
    """Installs and checks the patches (once per process; later calls only check). Raises PatchError.

    max_session_events: events after which a session is cut (the tracker store's setting, 100 by default);
    None or 0 leaves that patch out."""
    global _logged
    from stores import server_tuning

    version = rasa_version()
    if version != RASA_VERSION:
        raise PatchError(
            f"The patches in stores/server_tuning.py were written for Rasa {RASA_VERSION}, but Rasa {version} is "
            "installed. Refusing to patch another version: check each patch against that version's code first."
        )
    first = not any(active().values())
    server_tuning.install(max_session_events)
    state = active()
    expected = [name for name in PATCHES if name != "session_cut_after_events" or max_session_events]
    missing = [name for name in expected if not state[name]]
    if missing:
        raise PatchError(f"Patches not in place after installing them: {', '.join(missing)}.")
    if first and caller == "tracker store":
        logger.warning(
            "The Rasa patches were installed by the tracker store, not at start: start Rasa with "
            "`python -m stores.patches run …` so that they do not depend on the store in endpoints.yml."
        )
    if not _logged:
        _logged = True
        names = [f"{name}={state[name]}" if name == "session_cut_after_events" else name
                 for name in PATCHES if state[name]]
        logger.info("Rasa %s with patches: %s.", version, ", ".join(names) or "none")
    return state


def max_session_events_from(endpoints: Path) -> int | None:
    """The tracker store's `max_session_events` in an endpoints file; the guarded store's default otherwise."""
    import yaml

    from stores.guarded import DEFAULT_MAX_SESSION_EVENTS

    try:
        config = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    except OSError:
        return DEFAULT_MAX_SESSION_EVENTS
    store = config.get("tracker_store") or {}
    if "max_session_events" in store:
        value = store["max_session_events"]
        return int(value) if value else None
    return DEFAULT_MAX_SESSION_EVENTS


# --- the launcher: `python -m stores.patches <rasa arguments>` -------------------------------------------------

_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6, logging.DEBUG: 7}


class JournaldFormatter(logging.Formatter):
    """«<priority>logger: message» on every line (journald adds time, host and process itself)."""

    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        level = max((lvl for lvl in _PRIORITY if lvl <= record.levelno), default=logging.DEBUG)
        prefix = f"<{_PRIORITY[level]}>"
        return "\n".join(prefix + line for line in super().format(record).splitlines() or [""])


def journald_logging(loglevel: Any = None) -> None:
    """Stands in for Rasa's coloured console logging: one stderr handler with JournaldFormatter."""
    level = loglevel or os.environ.get("LOG_LEVEL") or logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JournaldFormatter())
    handler.setLevel(level)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # Python warnings as «<4>py.warnings: …» lines, not raw multi-line text
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # third-party import noise, not for operators
    logging.getLogger("jax._src.xla_bridge").setLevel(logging.WARNING)  # «no GPU backend» at every start


def _console_logging(journald: bool) -> None:
    if journald:
        import rasa.utils.io
        import rasa_sdk.utils

        rasa.utils.io.configure_colored_logging = journald_logging
        rasa_sdk.utils.configure_colored_logging = journald_logging
        journald_logging()
    else:
        import rasa.utils.io

        rasa.utils.io.configure_colored_logging(None)


def _option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str]) -> None:
    """Runs the Rasa command line with the patches installed first (not for `run actions`: no model there)."""
    _console_logging(os.environ.get("ANSKAFFELSESLOSEN_LOG_FORMAT") == "journald")
    if argv[:2] != ["run", "actions"]:
        try:
            install(max_session_events_from(Path(_option(argv, "--endpoints") or "endpoints.yml")), caller="launcher")
        except PatchError as error:
            logger.error("%s", error)
            raise SystemExit(3) from None
    import rasa.__main__

    sys.argv = ["rasa", *argv]
    rasa.__main__.main()


if __name__ == "__main__":
    from stores import patches  # one module instance for the launcher and the tracker store's check

    patches.main(sys.argv[1:])
