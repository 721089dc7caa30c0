"""An SQL tracker store that fails loudly instead of silently forgetting conversations.

Rasa 3.6 wraps every tracker store in `FailSafeTrackerStore`, which catches any `Exception` from
the database: a failed read returns «no conversation» (the user starts from scratch) and a failed
write goes to an in-memory store that is lost at the next restart. The stock `SQLTrackerStore` also
blocks start-up forever while the database is down.

`GuardedSQLTrackerStore` keeps Rasa's SQL schema and queries (SQLite or PostgreSQL) but:
- starts even when the database is down, logs an ERROR and reports itself unavailable;
- raises `TrackerStoreUnavailable` on every read or write while the database is down. It derives
  from `BaseException` on purpose, so it passes through `FailSafeTrackerStore` and the message
  processor; the channels (channels/common.py) turn it into a Norwegian 503 answer;
- keeps a health record (`health()`), shown at GET /webhooks/rest/health, and logs when the
  database is back. The next message after that works, with the stored conversation intact.

endpoints.yml:
    tracker_store:
      type: stores.guarded.GuardedSQLTrackerStore
      dialect: "sqlite"          # or "postgresql" with url, port, db, username, password
      db: "var/tracker.db"
      max_session_events: 100    # the default: a long conversation continues in a new session (server_tuning.py)
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_engine_kwargs, validate_port
from rasa.shared.core.trackers import DialogueStateTracker

from stores import patches

logger = logging.getLogger(__name__)

# Errors that mean «the database cannot be reached or used right now».
_DATABASE_ERRORS = (sa.exc.SQLAlchemyError, OSError)


class TrackerStoreUnavailable(BaseException):  # noqa: N818 – reads better at the call sites
    """The conversation database cannot be used; the message must be refused, not kept in memory."""


class StoreHealth:
    """Availability of the conversation database, as last seen by the tracker store."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.available: bool | None = None  # None: not checked yet
        self.since = time.time()
        self.last_error = ""
        self.backend = ""

    def mark_up(self) -> None:
        with self._lock:
            if self.available is False:
                logger.warning(
                    "Tracker store %s is available again after %.0f s.", self.backend, time.time() - self.since
                )
            if self.available is not True:
                self.since = time.time()
            self.available, self.last_error = True, ""

    def mark_down(self, error: BaseException) -> None:
        message = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:300]
        with self._lock:
            if self.available is not False:
                self.since = time.time()
                logger.error(
                    "Tracker store %s is UNAVAILABLE (%s). Messages are refused with HTTP 503 until the "
                    "database is back; nothing is kept in memory instead.",
                    self.backend,
                    message,
                )
            self.available, self.last_error = False, message

    def as_dict(self) -> dict[str, Any]:
        """Public view (served at /webhooks/rest/health): no paths, hosts or error details, those go to the log."""
        return {
            "backend": self.backend.split(":", 1)[0],
            "available": self.available,
            "since": round(self.since, 3),
            "error": "database unavailable (see the server log)" if self.available is False else "",
        }


HEALTH = StoreHealth()
_current: GuardedSQLTrackerStore | None = None


def current_store() -> GuardedSQLTrackerStore | None:
    """The guarded tracker store of this Rasa process, if endpoints.yml names it."""
    return _current


def health(probe: bool = True) -> dict[str, Any]:
    """Health of the tracker store; with probe=True the database is asked first (SELECT 1)."""
    store = current_store()
    if store is None:
        return {"backend": "unknown", "available": None, "since": None, "error": "tracker store is not guarded"}
    if probe:
        store.probe()
    return HEALTH.as_dict()


async def health_async() -> dict[str, Any]:
    """`health()` with the database probe in a worker thread, so a slow database cannot block the server."""
    return await asyncio.get_running_loop().run_in_executor(None, health)


# About 13 turns: short enough that a turn costs the same late in a long conversation as early, long enough that
# a follow-up («hvorfor?», «og for bygg?») rarely falls just after the cut.
DEFAULT_MAX_SESSION_EVENTS = 100


class GuardedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that never blocks start-up and never lets Rasa fall back to memory."""

    def __init__(
        self,
        domain: Any = None,
        dialect: str = "sqlite",
        host: str | None = None,
        port: int | None = None,
        db: str = "rasa.db",
        username: str | None = None,
        password: str | None = None,
        event_broker: Any = None,
        login_db: str | None = None,
        query: dict | None = None,
        max_session_events: int | None = DEFAULT_MAX_SESSION_EVENTS,
        **kwargs: Any,
    ) -> None:
        global _current
        patches.install(max_session_events, caller="tracker store")  # a no-op check when started through it
        port = validate_port(port)
        engine_url = self.get_db_url(dialect, host, port, db, username, password, login_db, query)
        engine_kwargs = create_engine_kwargs(engine_url)
        if dialect != "sqlite":
            engine_kwargs["pool_pre_ping"] = True  # a database restart must not leave dead pooled connections
        if dialect.startswith("postgresql"):
            # An unreachable database host must not block the server for minutes (TCP connect timeout).
            engine_kwargs["connect_args"] = {"connect_timeout": 5, **engine_kwargs.get("connect_args", {})}
        self.engine = sa.create_engine(engine_url, **engine_kwargs)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._db, self._engine_url, self._login_db = db, engine_url, login_db
        self._schema_ready = False
        TrackerStore.__init__(self, domain, event_broker, **kwargs)
        HEALTH.backend = f"{dialect}:{db}"
        _current = self
        self.probe()

    # -- availability -------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        if self._login_db:
            self._create_database_and_update_engine(self._db, self._engine_url)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.Base.metadata.create_all(self.engine)
        self._schema_ready = True

    def probe(self) -> bool:
        """Checks the database now (creating the tables on first success); updates HEALTH."""
        try:
            self._ensure_schema()
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except _DATABASE_ERRORS as error:
            HEALTH.mark_down(error)
            return False
        HEALTH.mark_up()
        return True

    async def _guarded(self, operation: str, call: Callable[[], Awaitable[Any]]) -> Any:
        try:
            self._ensure_schema()
            result = await call()
        except _DATABASE_ERRORS as error:
            HEALTH.mark_down(error)
            raise TrackerStoreUnavailable(f"Tracker store unavailable during {operation}: {error}") from error
        HEALTH.mark_up()
        return result

    # -- TrackerStore API (the SQL work itself is Rasa's) -------------------------------------

    async def keys(self) -> Iterable[str]:
        return await self._guarded("keys", super().keys)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        parent = super()._retrieve
        return await self._guarded("retrieve", lambda: parent(sender_id, fetch_events_from_all_sessions))

    async def save(self, tracker: DialogueStateTracker) -> None:
        parent = super().save
        await self._guarded("save", lambda: parent(tracker))
