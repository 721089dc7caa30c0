"""Real action server and Rasa server for integration and browser tests, plus REST helpers.

The servers use the trained model (models/current.tar.gz) and a throw-away SQLite tracker store,
so tests never touch the conversations of a local `make run`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
# Ports and model can be overridden so that two test runs (or a `make run`) can share a machine.
RASA_PORT = int(os.environ.get("TEST_RASA_PORT", "5005"))
ACTIONS_PORT = int(os.environ.get("TEST_ACTIONS_PORT", "5055"))
MODEL = Path(os.environ.get("TEST_MODEL", str(ROOT / "models" / "current.tar.gz")))
RASA_URL = f"http://127.0.0.1:{RASA_PORT}"
ACTIONS_URL = f"http://127.0.0.1:{ACTIONS_PORT}"
REST_WEBHOOK = f"{RASA_URL}/webhooks/rest/webhook"


def server_environment() -> dict:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONPATH=str(ROOT),
        SANIC_HOST="127.0.0.1",
        WEBCHAT_SECRET="integration-test-secret",
        PYTHONWARNINGS="ignore::DeprecationWarning",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    return env


def wait_until_up(url: str, process: subprocess.Popen, seconds: int, log: Path) -> float:
    """Seconds until the server answered (the start-up time, for the benchmarks)."""
    start = time.time()
    while time.time() < start + seconds:
        if process.poll() is not None:
            raise RuntimeError(f"Server exited early; log:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=1)
            return time.time() - start
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"Server at {url} did not start in {seconds} s; log:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen | None) -> None:
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Servers:
    """Action server + Rasa server; the Rasa server can be restarted or stopped by a test."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        # The database sits in its own folder so that a fault test can take it away and bring it back.
        self.tracker_dir = workdir / "db"
        self.tracker_dir.mkdir(exist_ok=True)
        self.tracker_db = self.tracker_dir / "tracker.db"
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f"""action_endpoint:
  url: "{ACTIONS_URL}/webhook"
  enable_selective_domain: true
tracker_store:
  type: stores.guarded.GuardedSQLTrackerStore
  dialect: "sqlite"
  db: "{self.tracker_db}"
""",
            encoding="utf-8",
        )
        self.actions: subprocess.Popen | None = None
        self.rasa: subprocess.Popen | None = None
        self.startup_seconds = 0.0  # of the Rasa server, at its last start

    def start_actions(self) -> None:
        log = self.workdir / "actions.log"
        self.actions = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(ACTIONS_PORT)],
            cwd=ROOT, env=server_environment(), stdout=log.open("w"), stderr=subprocess.STDOUT,
        )
        wait_until_up(f"{ACTIONS_URL}/health", self.actions, 90, log)

    def stop_actions(self) -> None:
        _stop(self.actions)
        self.actions = None

    def start_rasa(self) -> None:
        log = self.workdir / "rasa.log"
        self.rasa = subprocess.Popen(
            [  # through the patches' install point, as in production (stores/patches.py)
                str(VENV_BIN / "python"), "-m", "stores.patches", "run", "--model", str(MODEL),
                "--endpoints", str(self.endpoints), "--credentials", "credentials.yml",
                "--port", str(RASA_PORT),
            ],
            cwd=ROOT, env=server_environment(), stdout=log.open("a"), stderr=subprocess.STDOUT,
        )
        self.startup_seconds = wait_until_up(f"{RASA_URL}/", self.rasa, 240, log)

    def stop_rasa(self) -> None:
        _stop(self.rasa)
        self.rasa = None

    def restart_rasa(self) -> None:
        self.stop_rasa()
        self.start_rasa()

    def stop_all(self) -> None:
        self.stop_rasa()
        _stop(self.actions)


def say(sender: str, message: str) -> list[dict]:
    """One user turn over the REST channel; returns the bot messages."""
    reply = requests.post(REST_WEBHOOK, json={"sender": sender, "message": message}, timeout=60)
    reply.raise_for_status()
    return reply.json()


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)
