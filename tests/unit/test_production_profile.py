"""The production profile's files (deploy/, scripts/serve.sh) as Rasa reads them; the whole shape: make test-deploy."""

import subprocess
from pathlib import Path

import pytest
import yaml
from rasa.utils.endpoints import read_endpoint_config

from channels.webchat import MissingSecret, WebchatInput

ROOT = Path(__file__).resolve().parents[2]
DB_ENV = {"TRACKER_DB_HOST": "db.intern", "TRACKER_DB_PORT": "5433", "TRACKER_DB_NAME": "losen",
          "TRACKER_DB_USER": "rasa", "TRACKER_DB_PASSWORD": "hemmelig", "ACTIONS_PORT": "5055"}


def test_the_postgresql_endpoints_take_every_value_from_the_environment(monkeypatch):
    for name, value in DB_ENV.items():
        monkeypatch.setenv(name, value)
    store = read_endpoint_config(str(ROOT / "deploy" / "endpoints.postgresql.yml"), "tracker_store")
    assert store.type == "stores.guarded.GuardedSQLTrackerStore"
    assert (store.url, store.kwargs["port"], store.kwargs["db"]) == ("db.intern", "5433", "losen")
    assert (store.kwargs["username"], store.kwargs["password"]) == ("rasa", "hemmelig")
    action = read_endpoint_config(str(ROOT / "deploy" / "endpoints.postgresql.yml"), "action_endpoint")
    assert action.url == "http://127.0.0.1:5055/webhook"


def test_the_sqlite_endpoints_take_the_file_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DB_PATH", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("ACTIONS_PORT", "5255")
    store = read_endpoint_config(str(ROOT / "deploy" / "endpoints.sqlite.yml"), "tracker_store")
    assert store.kwargs["db"] == str(tmp_path / "tracker.db")
    action = read_endpoint_config(str(ROOT / "deploy" / "endpoints.sqlite.yml"), "action_endpoint")
    assert action.url == "http://127.0.0.1:5255/webhook"


def test_production_credentials_have_only_the_widget_and_require_a_secret(monkeypatch):
    credentials = yaml.safe_load((ROOT / "deploy" / "credentials.production.yml").read_text(encoding="utf-8"))
    assert list(credentials) == ["channels.webchat.WebchatInput"]
    widget = credentials["channels.webchat.WebchatInput"]
    assert widget["require_secret"] is True
    for secret in (None, "", "x" * 31):
        if secret is None:
            monkeypatch.delenv("WEBCHAT_SECRET", raising=False)
        else:
            monkeypatch.setenv("WEBCHAT_SECRET", secret)
        with pytest.raises(MissingSecret, match="WEBCHAT_SECRET mangler eller er for kort"):
            WebchatInput.from_credentials(widget)
    monkeypatch.setenv("WEBCHAT_SECRET", "x" * 32)
    assert WebchatInput.from_credentials(widget).signer
    monkeypatch.delenv("WEBCHAT_SECRET")
    assert WebchatInput.from_credentials({}).signer  # the demo (`make run`) still starts without one


def test_serve_refuses_to_start_without_a_secret_or_a_store(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(["scripts/serve.sh", "rasa"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 2 and "WEBCHAT_SECRET mangler eller er for kort" in result.stderr
    result = subprocess.run(["scripts/serve.sh", "rasa"], cwd=ROOT, env={**env, "WEBCHAT_SECRET": "x" * 40},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "Samtalelageret er ikke satt" in result.stderr
