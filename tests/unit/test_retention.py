"""Retention: the cut-off, which conversations expire, and the deletion in a real SQLite database."""

import sqlite3

import pytest

from insights.retention import (
    DEFAULT_RETENTION_DAYS,
    batches,
    cutoff_timestamp,
    expired_conversations,
    retention_days,
)
from scripts.retention import delete_expired

DAY = 86_400
NOW = 1_800_000_000.0


def test_default_is_30_days_and_bad_values_are_refused_in_norwegian():
    assert retention_days(None) == DEFAULT_RETENTION_DAYS == 30
    assert retention_days("") == 30
    assert retention_days(" 7 ") == 7
    for bad in ("0", "-3", "tretti", "1.5"):
        with pytest.raises(ValueError, match="Oppbevaringstiden"):
            retention_days(bad)


def test_cutoff_counts_whole_days_back_from_now():
    assert cutoff_timestamp(NOW, 30) == NOW - 30 * DAY


def test_expiry_uses_the_latest_activity_and_keeps_the_boundary():
    cutoff = cutoff_timestamp(NOW, 30)
    latest = {"old": NOW - 31 * DAY, "boundary": cutoff, "recent": NOW - DAY, "no-time": None}
    assert expired_conversations(latest, cutoff) == ["no-time", "old"]


def test_batches_split_without_losing_items():
    assert [len(b) for b in batches((str(i) for i in range(1001)), 500)] == [500, 500, 1]
    assert list(batches([], 10)) == []


def test_delete_expired_removes_whole_old_conversations_only(tmp_path):
    db = tmp_path / "tracker.db"
    with sqlite3.connect(db) as connection:
        connection.execute("create table events (id integer primary key, sender_id text, timestamp real, data text)")
        rows = [
            ("old", NOW - 40 * DAY), ("old", NOW - 35 * DAY),  # last active 35 days ago
            ("mixed", NOW - 90 * DAY), ("mixed", NOW - 2 * DAY),  # started long ago, active lately
            ("recent", NOW - 60),
        ]
        connection.executemany("insert into events (sender_id, timestamp, data) values (?, ?, '{}')", rows)
    url = f"sqlite:///{db}"

    assert delete_expired(url, 30, now=NOW, dry_run=True) == ["old"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("select count(*) from events").fetchone()[0] == 5

    assert delete_expired(url, 30, now=NOW) == ["old"]
    with sqlite3.connect(db) as connection:
        left = sorted({row[0] for row in connection.execute("select sender_id from events")})
        assert left == ["mixed", "recent"]
        assert connection.execute("select count(*) from events").fetchone()[0] == 3
