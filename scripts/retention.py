"""Deletes conversations whose last activity is older than the retention period (default 30 days).

Usage (also `make retention`):
    python scripts/retention.py [--days N] [--endpoints endpoints.yml] [--dry-run]

The period comes from --days, else the environment variable CONVERSATION_RETENTION_DAYS, else 30.
The database is the `tracker_store` in endpoints.yml (SQLite or PostgreSQL; `${VAR}` in the file is
read from the environment, as Rasa does). Run it daily, e.g. from cron:
    15 2 * * *  cd /srv/anskaffelseslosen && make retention >> var/retention.log 2>&1
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from insights.retention import batches, cutoff_timestamp, expired_conversations, retention_days  # noqa: E402
from insights.store_url import StoreConfigError, database_url  # noqa: E402


def delete_expired(
    engine_url: str | sa.engine.URL, days: int, now: float | None = None, dry_run: bool = False
) -> list[str]:
    """Deletes every event of the expired conversations; returns their sender ids."""
    engine = sa.create_engine(engine_url)
    cutoff = cutoff_timestamp(time.time() if now is None else now, days)
    try:
        with engine.begin() as connection:
            rows = connection.execute(sa.text("SELECT sender_id, MAX(timestamp) FROM events GROUP BY sender_id"))
            expired = expired_conversations({sender: latest for sender, latest in rows}, cutoff)
            if not dry_run:
                delete = sa.text("DELETE FROM events WHERE sender_id IN :senders").bindparams(
                    sa.bindparam("senders", expanding=True)
                )
                for batch in batches(expired):
                    connection.execute(delete, {"senders": batch})
    finally:
        engine.dispose()
    return expired


def engine_url_from_endpoints(path: str) -> str | sa.engine.URL:
    try:
        return database_url(Path(path), read_only=False)
    except StoreConfigError as error:
        raise SystemExit(str(error)) from None


def main() -> None:
    parser = argparse.ArgumentParser(description="Slett samtaler som er eldre enn oppbevaringstiden.")
    parser.add_argument("--days", help="oppbevaringstid i dager (standard: CONVERSATION_RETENTION_DAYS eller 30)")
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--dry-run", action="store_true", help="vis bare hvor mange som ville blitt slettet")
    args = parser.parse_args()
    try:
        days = retention_days(args.days if args.days is not None else os.environ.get("CONVERSATION_RETENTION_DAYS"))
    except ValueError as error:
        raise SystemExit(str(error)) from None
    url = engine_url_from_endpoints(args.endpoints)
    try:
        expired = delete_expired(url, days, dry_run=args.dry_run)
    except sa.exc.OperationalError as error:
        raise SystemExit(f"Fikk ikke kontakt med samtaledatabasen: {str(error).splitlines()[0]}") from None
    verb = "ville blitt slettet" if args.dry_run else "slettet"
    unit = "dag" if days == 1 else "dager"
    print(f"Oppbevaringstid {days} {unit}: {len(expired)} samtale(r) {verb}.")


if __name__ == "__main__":
    main()
