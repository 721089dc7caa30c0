"""`make report`: insight for the content owner from the conversations in the tracker store.

Reads the tracker store named in endpoints.yml (SQLite by default, PostgreSQL when configured; the
password may be given as ${ENV_VAR}), counts with insights/report.py and writes rapport.html and CSV
files into reports/ (ignored by git).

    make report                              # everything stored
    make report ARGS="--since 2026-11-01"    # from a date
    .venv/bin/python scripts/report.py --db var/tracker.db --out /tmp/rapport
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from itertools import groupby
from pathlib import Path

import sqlalchemy as sa

try:  # ujson comes with Rasa and decodes the large user events about twice as fast
    import ujson as json
except ImportError:  # pragma: no cover
    import json

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from insights import store_url  # noqa: E402
from insights.report import build_report  # noqa: E402
from insights.report_page import write_report  # noqa: E402

# Event types the report reads; everything else (featurisation, reminders …) is skipped in SQL.
EVENT_TYPES = (
    "user", "bot", "action", "slot", "active_loop", "session_started", "restart", "action_execution_rejected",
)
# Every error the report can meet is about reading the conversation database: one the user can fix, in Norwegian.
ReportError = store_url.StoreConfigError


def database_url(endpoints: Path) -> sa.engine.URL | str:
    """The tracker store of endpoints.yml, opened read-only when it is SQLite."""
    return store_url.database_url(endpoints, read_only=True)


def sqlite_url(path: Path) -> sa.engine.URL:
    return store_url.sqlite_url(path, read_only=True)


def read_conversations(url: sa.engine.URL | str, since: date | None) -> Iterator[tuple[str, list[dict]]]:
    """(sender id, events) per conversation, events in stored order, from `since` (local midnight) on."""
    engine = sa.create_engine(url)
    types = ", ".join(f"'{name}'" for name in EVENT_TYPES)  # constants, not user input
    query = f"SELECT sender_id, type_name, action_name, data FROM events WHERE type_name IN ({types})"
    if since:  # a float computed here, not user text
        query += f" AND timestamp >= {datetime.combine(since, datetime.min.time()).timestamp():.3f}"
    query += " ORDER BY sender_id, id"
    connection = None
    try:
        # The DB-API cursor directly: SQLAlchemy's row objects cost more than the report itself.
        connection = engine.raw_connection()
        cursor = connection.cursor()
        cursor.execute(query)
        rows = iter(lambda: cursor.fetchmany(5000), [])
        for sender, group in groupby((row for batch in rows for row in batch), key=lambda row: row[0]):
            events = []
            for _sender, kind, action_name, data in group:
                if kind == "action":  # the name is in its own column; no JSON to decode
                    events.append({"event": "action", "name": action_name})
                elif kind in ("session_started", "restart"):
                    events.append({"event": kind})
                else:
                    events.append(json.loads(data))
            yield sender, events
    except (sa.exc.SQLAlchemyError, engine.dialect.dbapi.Error) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise ReportError(f"Kan ikke lese samtaledatabasen: {reason}") from error
    finally:
        if connection is not None:
            connection.close()
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rapport for innholdseieren: hva brukerne spurte om.")
    parser.add_argument("--since", type=date.fromisoformat, help="ta med samtaler fra og med denne datoen (ÅÅÅÅ-MM-DD)")
    parser.add_argument("--endpoints", type=Path, default=Path("endpoints.yml"), help="endpoints.yml med tracker_store")
    parser.add_argument("--db", type=Path, help="les denne SQLite-filen i stedet for den i endpoints.yml")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="mappe for rapport.html og CSV-filene")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        url = sqlite_url(args.db) if args.db else database_url(args.endpoints)
        report = build_report(read_conversations(url, args.since))
    except ReportError as error:
        print(f"Feil: {error}", file=sys.stderr)
        return 2
    page = write_report(report, args.out, since=args.since.isoformat() if args.since else None)
    seconds = time.perf_counter() - started
    print(
        f"Rapport: {page}\n"
        f"{report.conversations} samtaler, {report.messages} meldinger, {report.questions} spørsmål, "
        f"{len(report.unanswered)} ulike ubesvarte spørsmål, {report.feedback_count} tilbakemeldinger "
        f"({seconds:.1f} s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
