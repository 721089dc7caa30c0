"""scripts/report.py: which database it reads (endpoints.yml), without a database server."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "report.py"
spec = importlib.util.spec_from_file_location("report_cli", SCRIPT)
report_cli = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report_cli)

POSTGRES = """tracker_store:
  type: stores.guarded.GuardedSQLTrackerStore
  dialect: "postgresql"
  url: "db.intern"
  port: 5432
  db: "anskaffelseslosen"
  username: "rasa"
  password: "${TRACKER_DB_PASSWORD}"
"""


def test_postgresql_url_with_the_password_from_the_environment(tmp_path, monkeypatch):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(POSTGRES, encoding="utf-8")
    monkeypatch.setenv("TRACKER_DB_PASSWORD", "s3cret/:@")
    url = report_cli.database_url(endpoints)
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql", "db.intern", 5432, "anskaffelseslosen", "rasa", "s3cret/:@")


def test_a_missing_password_variable_is_a_norwegian_error(tmp_path, monkeypatch):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(POSTGRES, encoding="utf-8")
    monkeypatch.delenv("TRACKER_DB_PASSWORD", raising=False)
    with pytest.raises(report_cli.ReportError, match="TRACKER_DB_PASSWORD er ikke satt"):
        report_cli.database_url(endpoints)


def test_sqlite_from_the_default_endpoints_is_opened_read_only(tmp_path, monkeypatch):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "tracker.db").write_bytes(b"")
    (tmp_path / "endpoints.yml").write_text(
        'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "var/tracker.db"\n'
    )
    monkeypatch.chdir(tmp_path)
    url = report_cli.database_url(Path("endpoints.yml"))
    assert url.database == f"file:{tmp_path / 'var' / 'tracker.db'}" and url.query == {"mode": "ro", "uri": "true"}


@pytest.mark.parametrize(
    "store", ["tracker_store:\n  type: redis\n", "", "tracker_store:\n  type: SQL\n  db: nope.db\n"]
)
def test_stores_the_report_cannot_read_are_refused_politely(tmp_path, monkeypatch, store):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "endpoints.yml").write_text(store)
    with pytest.raises(report_cli.ReportError):
        report_cli.database_url(Path("endpoints.yml"))
