"""Personal data typed into the widget never reaches the tracker store (the REST path is tested in
test_rest_conversation.py)."""

import json
import sqlite3

import requests

from servers import RASA_URL

WEBCHAT = f"{RASA_URL}/webhooks/webchat"


def test_personal_data_from_the_widget_never_reaches_the_tracker_store(servers):
    token = requests.post(f"{WEBCHAT}/session", json={}, timeout=10).json()["session"]
    secrets = ["01010750160", "+47 912 34 567", "kari.nordmann@kommune.no", "41 22 33 44"]
    for message in (
        f"fødselsnummeret mitt er {secrets[0]} og mobilen {secrets[1]}",
        f"send svaret til {secrets[2]}, eller ring {secrets[3]}",
    ):
        reply = requests.post(f"{WEBCHAT}/message", json={"session": token, "message": message}, timeout=60)
        assert reply.status_code == 200
    sender = "webchat-" + token.split(".")[0]
    with sqlite3.connect(servers.tracker_db) as db:
        rows = [row[0] for row in db.execute("select data from events where sender_id = ?", (sender,))]
    assert rows, "the widget conversation was not stored"
    stored = json.dumps([json.loads(row) for row in rows], ensure_ascii=False)
    assert "[fødselsnummer fjernet]" in stored and "[e-post fjernet]" in stored
    for secret in secrets:
        assert secret not in stored
        assert secret.replace(" ", "") not in stored.replace(" ", "")
