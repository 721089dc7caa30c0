"""Faults against the real servers: action server down, Rasa restart, conversation database down.

Each test puts the servers back as it found them (also when it fails), so later tests still run.
"""

from __future__ import annotations

import time

import psutil
import pytest
import requests
import yaml

from advisor.checklist import load_checklist
from servers import RASA_URL, REST_WEBHOOK, ROOT, say, texts

TOTAL = len(load_checklist().questions)
HEALTH = f"{RASA_URL}/webhooks/rest/health"
WEBCHAT = f"{RASA_URL}/webhooks/webchat"
CONTACT = yaml.safe_load((ROOT / "knowledge" / "kontakt.yml").read_text(encoding="utf-8"))


def post(sender: str, message: str) -> requests.Response:
    return requests.post(REST_WEBHOOK, json={"sender": sender, "message": message}, timeout=60)


def widget_session() -> str:
    return requests.post(f"{WEBCHAT}/session", json={}, timeout=10).json()["session"]


def widget_say(token: str, message: str) -> requests.Response:
    return requests.post(f"{WEBCHAT}/message", json={"session": token, "message": message}, timeout=60)


def rasa_log(servers) -> str:
    return (servers.workdir / "rasa.log").read_text(encoding="utf-8", errors="replace")


def test_action_server_down_gives_an_apology_with_the_contact_then_recovers(servers, sender):
    question = "hva er terskelverdien for kommuner?"
    token = widget_session()
    servers.stop_actions()
    try:
        reply = post(sender, question)
        assert reply.status_code == 200, reply.text[:300]
        answer = texts(reply.json())
        assert "Beklager" in answer and CONTACT["email"] in answer and CONTACT["phone"] in answer
        assert "Kilde:" not in answer  # the threshold action really did not run

        widget = widget_say(token, question)
        assert widget.status_code == 200, widget.text[:300]
        assert CONTACT["email"] in texts(widget.json()["messages"])
    finally:
        servers.start_actions()

    recovered = texts(say(sender, question))
    assert "Kilde:" in recovered and "Beklager" not in recovered
    assert "Kilde:" in texts(widget_say(token, question).json()["messages"])


def test_database_down_while_running_is_reported_and_the_conversation_survives(servers, sender):
    assert requests.get(HEALTH, timeout=10).status_code == 200
    say(sender, "start sjekklisten")
    assert f"Spørsmål 2 av {TOTAL}" in texts(say(sender, "ja"))

    away = servers.tracker_dir.with_name("db-away")
    servers.tracker_dir.rename(away)  # the database disappears (an unmounted volume, a lost disk)
    try:
        health = requests.get(HEALTH, timeout=10)
        assert health.status_code == 503
        assert health.json()["tracker_store"]["available"] is False

        refused = post(sender, "nei")
        assert refused.status_code == 503  # refused, not answered from a fresh in-memory conversation
        assert "lagret" in refused.json()["error"] and CONTACT["email"] in refused.json()["error"]
        widget = widget_say(widget_session(), "hei")
        assert widget.status_code == 503 and "Beklager" in widget.json()["error"]
        assert "UNAVAILABLE" in rasa_log(servers)
        assert not servers.tracker_dir.exists()  # nothing silently created a new, empty database
    finally:
        away.rename(servers.tracker_dir)

    assert requests.get(HEALTH, timeout=10).status_code == 200
    # The refused answer was not stored anywhere: the checklist goes on at question 2 → 3.
    assert f"Spørsmål 3 av {TOTAL}" in texts(say(sender, "nei"))
    assert "available again" in rasa_log(servers)


def test_rasa_restart_mid_checklist_with_the_database_down_at_start_up(servers):
    token = widget_session()
    widget_say(token, "start sjekklisten")
    widget_say(token, "ja")
    assert f"Spørsmål 3 av {TOTAL}" in texts(widget_say(token, "delvis").json()["messages"])

    servers.stop_rasa()
    away = servers.tracker_dir.with_name("db-away")
    servers.tracker_dir.rename(away)
    try:
        servers.start_rasa()  # Rasa must come up (not hang), but must not fall back to memory
        assert requests.get(HEALTH, timeout=10).status_code == 503
        refused = widget_say(token, "nei")
        assert refused.status_code == 503 and CONTACT["email"] in refused.json()["error"]
    finally:
        away.rename(servers.tracker_dir)

    deadline = time.time() + 10
    while requests.get(HEALTH, timeout=10).status_code != 200 and time.time() < deadline:
        time.sleep(0.5)
    # Same signed session after the restart: the checklist continues where it was.
    answer = widget_say(token, "nei")
    assert answer.status_code == 200
    assert f"Spørsmål 4 av {TOTAL}" in texts(answer.json()["messages"])


def test_http_api_is_off_and_the_action_server_listens_on_localhost_only(servers):
    for path in ("/status", "/conversations/someone/tracker", "/model/parse"):
        method = "GET" if path != "/model/parse" else "POST"
        assert requests.request(method, RASA_URL + path, timeout=10).status_code in (404, 405)
    listening = [c for c in psutil.Process(servers.actions.pid).net_connections("inet") if c.status == "LISTEN"]
    assert listening and all(c.laddr.ip == "127.0.0.1" for c in listening)


@pytest.fixture(autouse=True)
def _servers_are_whole_again(servers):
    """After each test: both servers run and the database is in place (the next tests rely on it)."""
    yield
    if servers.actions is None:
        servers.start_actions()
    if servers.rasa is None or servers.rasa.poll() is not None:
        servers.start_rasa()
