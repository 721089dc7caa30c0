"""insights/store_url.py: the one place that turns endpoints.yml into a database URL (report and retention)."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from insights.store_url import StoreConfigError, database_url

POSTGRES = """tracker_store:
  type: stores.guarded.GuardedSQLTrackerStore
  dialect: "postgresql"
  url: "{url}"
  port: 5432
  db: "anskaffelseslosen"
  username: "rasa"
  password: "${{TRACKER_DB_PASSWORD}}"
  query:
    sslmode: "require"
"""


def _endpoints(folder: Path, text: str) -> Path:
    path = folder / "endpoints.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def sqlite_project(tmp_path, monkeypatch):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "tracker.db").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    return _endpoints(tmp_path, 'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "var/tracker.db"\n')


def test_sqlite_relative_path_is_read_from_the_working_directory(sqlite_project, tmp_path):
    writable = database_url(Path("endpoints.yml"), read_only=False)
    assert writable.drivername == "sqlite" and writable.database == str(tmp_path / "var" / "tracker.db")
    assert not writable.query


def test_sqlite_read_only_opens_the_file_as_a_read_only_uri(sqlite_project, tmp_path):
    url = database_url(Path("endpoints.yml"), read_only=True)
    assert url.database == f"file:{tmp_path / 'var' / 'tracker.db'}" and url.query == {"mode": "ro", "uri": "true"}


def test_a_missing_sqlite_file_is_a_norwegian_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _endpoints(tmp_path, 'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "var/tracker.db"\n')
    for read_only in (True, False):
        with pytest.raises(StoreConfigError, match="Finner ikke samtaledatabasen"):
            database_url(Path("endpoints.yml"), read_only=read_only)


def test_postgresql_fields_and_the_password_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB_PASSWORD", "s3cret/:@")
    url = database_url(_endpoints(tmp_path, POSTGRES.format(url="db.intern")), read_only=True)
    assert isinstance(url, sa.engine.URL)
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password, dict(url.query)) == (
        "postgresql", "db.intern", 5432, "anskaffelseslosen", "rasa", "s3cret/:@", {"sslmode": "require"})


def test_postgresql_port_in_the_url_wins_and_a_full_url_is_used_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB_PASSWORD", "x")
    assert database_url(_endpoints(tmp_path, POSTGRES.format(url="db.intern:6543")), read_only=False).port == 6543
    full = "postgresql://rasa:x@db.intern/anskaffelseslosen"
    assert database_url(_endpoints(tmp_path, POSTGRES.format(url=full)), read_only=False) == full


def test_a_missing_environment_variable_is_a_norwegian_error(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DB_PASSWORD", raising=False)
    with pytest.raises(StoreConfigError, match="TRACKER_DB_PASSWORD er ikke satt"):
        database_url(_endpoints(tmp_path, POSTGRES.format(url="db.intern")), read_only=True)


@pytest.mark.parametrize("kind", ["sql", "SQL", "rasa.core.tracker_store.SQLTrackerStore",
                                  "stores.guarded.GuardedSQLTrackerStore", "stores.guarded.guardedsqltrackerstore"])
def test_every_spelling_of_the_sql_store_is_accepted(sqlite_project, kind):
    sqlite_project.write_text(f'tracker_store:\n  type: {kind}\n  db: "var/tracker.db"\n', encoding="utf-8")
    assert database_url(sqlite_project, read_only=False).drivername == "sqlite"


@pytest.mark.parametrize("text", ["tracker_store:\n  type: redis\n", "", "action_endpoint:\n  url: x\n"])
def test_stores_that_are_not_sql_are_refused(tmp_path, text):
    with pytest.raises(StoreConfigError, match="Bare et SQL-samtalelager"):
        database_url(_endpoints(tmp_path, text), read_only=False)


def test_an_unreadable_endpoints_file_is_a_norwegian_error(tmp_path):
    with pytest.raises(StoreConfigError, match="Kan ikke lese"):
        database_url(tmp_path / "mangler.yml", read_only=False)
