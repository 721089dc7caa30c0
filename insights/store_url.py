"""The database URL of the SQL tracker store named in endpoints.yml, built as Rasa builds it.

Used by `make report` (read-only) and `make retention` (deletes), so both read the same database the
bot writes to. `${VAR}` in the file is read from the environment, as Rasa does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
import yaml

_ENV = re.compile(r"\$\{([^}:]+)\}")


class StoreConfigError(Exception):
    """A problem with the tracker store's configuration or file that the user can fix; the message is Norwegian."""


def _substitute_env(value: Any) -> Any:
    if not isinstance(value, str):
        return value

    def lookup(match: re.Match) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise StoreConfigError(f"Miljøvariabelen {name} er ikke satt (brukes i endpoints.yml).")
        return os.environ[name]

    return _ENV.sub(lookup, value)


def _is_sql_store(kind: str) -> bool:
    # «SQL», Rasa's class path or our GuardedSQLTrackerStore (stores/guarded.py): the same tables.
    return kind.lower() == "sql" or kind.lower().endswith("sqltrackerstore")


def tracker_store_config(endpoints: Path) -> dict[str, Any]:
    """The `tracker_store` section of endpoints.yml with `${VAR}` filled in; refuses stores that are not SQL."""
    try:
        config = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise StoreConfigError(f"Kan ikke lese {endpoints}: {error.strerror}.") from error
    store = {key: _substitute_env(value) for key, value in (config.get("tracker_store") or {}).items()}
    kind = str(store.get("type") or "")
    if not _is_sql_store(kind):
        raise StoreConfigError(
            f"Bare et SQL-samtalelager (SQLite eller PostgreSQL) kan leses; {endpoints} har «{kind or 'ingen'}»."
        )
    return store


def sqlite_url(path: Path, read_only: bool) -> sa.engine.URL:
    """A SQLite file (relative to the working directory, as for Rasa), which must exist."""
    path = path if path.is_absolute() else Path.cwd() / path
    if not path.is_file():
        raise StoreConfigError(f"Finner ikke samtaledatabasen {path}. Har boten vært startet med `make run`?")
    if read_only:  # the report never changes or locks the conversations of a running bot
        return sa.engine.URL.create("sqlite", database=f"file:{path}", query={"mode": "ro", "uri": "true"})
    return sa.engine.URL.create("sqlite", database=str(path))


def database_url(endpoints: Path, read_only: bool) -> sa.engine.URL | str:
    """The SQLAlchemy URL of the tracker store configured in endpoints.yml.

    As in Rasa's SQLTrackerStore.get_db_url: a `url` with «://» is a complete database URL, and a port
    written in the `url` («db.intern:5433») wins over `port`."""
    store = tracker_store_config(endpoints)
    dialect = store.get("dialect") or "sqlite"
    db = store.get("db") or "rasa.db"
    if dialect == "sqlite":
        return sqlite_url(Path(db), read_only)
    host, port = store.get("url"), store.get("port")
    if host and "://" in str(host):
        return str(host)
    if host:
        parsed = urlsplit(f"scheme://{host}")
        port, host = parsed.port or port, parsed.hostname or host
    try:
        port = int(port) if port else None
    except ValueError:
        raise StoreConfigError(f"Porten «{port}» i {endpoints} er ikke et tall.") from None
    return sa.engine.URL.create(
        dialect, username=store.get("username"), password=store.get("password"),
        host=host, port=port, database=db, query=store.get("query") or {},
    )
