"""The widget's input channel: sessions, messages and polite refusals of bad input."""

import requests

from servers import RASA_URL

BASE = f"{RASA_URL}/webhooks/webchat"


def new_session() -> str:
    reply = requests.post(f"{BASE}/session", json={}, timeout=10)
    assert reply.status_code == 200
    return reply.json()["session"]


def test_demo_page_and_widget_assets_are_served(servers):
    page = requests.get(f"{BASE}/", timeout=10)
    assert page.status_code == 200 and "static/widget.js" in page.text
    script = requests.get(f"{BASE}/static/widget.js", timeout=10)
    assert script.status_code == 200 and "textContent" in script.text


def test_message_is_answered_in_the_session(servers):
    token = new_session()
    reply = requests.post(f"{BASE}/message", json={"session": token, "message": "hei"}, timeout=60)
    assert reply.status_code == 200
    messages = reply.json()["messages"]
    assert "Anskaffelseslosen" in messages[0]["text"]


def test_a_valid_session_is_kept_and_a_forged_one_replaced(servers):
    token = new_session()
    assert requests.post(f"{BASE}/session", json={"session": token}, timeout=10).json()["session"] == token
    session_id, _ = token.split(".")
    forged = f"{session_id}.{'0' * 32}"
    assert requests.post(f"{BASE}/session", json={"session": forged}, timeout=10).json()["session"] != forged


def test_forged_session_is_refused(servers):
    reply = requests.post(f"{BASE}/message", json={"session": "someone-else.abc", "message": "hei"}, timeout=10)
    assert reply.status_code == 401
    assert "Last siden på nytt" in reply.json()["error"]


def test_too_long_message_gets_a_friendly_norwegian_refusal(servers):
    token = new_session()
    reply = requests.post(f"{BASE}/message", json={"session": token, "message": "a" * 2001}, timeout=10)
    assert reply.status_code == 413
    assert "for lang" in reply.json()["error"]


def test_empty_and_malformed_bodies_are_refused_without_internals(servers):
    token = new_session()
    empty = requests.post(f"{BASE}/message", json={"session": token, "message": "   "}, timeout=10)
    assert empty.status_code == 400 and "tom" in empty.json()["error"]
    malformed = requests.post(
        f"{BASE}/message", data=b"{not json", headers={"Content-Type": "application/json"}, timeout=10
    )
    assert malformed.status_code == 400
    assert "Traceback" not in malformed.text
