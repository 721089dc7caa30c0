"""Hostile and odd input to the REST and widget endpoints: never a 500, and the next message works."""

import json

import pytest
import requests

from servers import RASA_URL, REST_WEBHOOK, say, texts

WEBCHAT = f"{RASA_URL}/webhooks/webchat"

ODD_TEXTS = [
    " ", "\t\n", "a" * 100_000, "hei\x00der", "\x01\x02\x03", "\u202eRTL-tekst\u202c", "مرحبا كيف حالك", "שלום",
    "😀😀😀", "🏳️‍🌈", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "javascript:alert(1)",
    "'; DROP TABLE events; --", "1 OR 1=1", '{"sender": "x", "message": "y"}', "[1,2,3]", "null", "/restart",
    '/faq{"x":1}', "/session_start", "/nlu_fallback", '/show_topic{"topic": "../../etc/passwd"}',
    "/show_topic{not json", "hello, what is a threshold value?", "Was ist ein Schwellenwert?", "¿Qué es?",
    "%s%s%s%n", "{{7*7}}", "${jndi:ldap://x}", "\\\\server\\share", "a\u0301\u0301\u0301\u0301", "…", "?",
    "ÆØÅ æøå", "ja" * 500, "\r\n\r\n", "§§§§", "100000000000000000000000000 kr",
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_rest_never_fails_with_500(servers, sender, text):
    reply = requests.post(REST_WEBHOOK, json={"sender": sender, "message": text}, timeout=60)
    assert reply.status_code < 500, reply.text[:300]
    if reply.status_code >= 400:
        assert reply.json()["error"]
    assert "Traceback" not in reply.text
    assert texts(say(sender, "hei"))  # the conversation still works


MALFORMED_BODIES = [
    b"", b"{", b"not json", b"[]", b"null", b'"hei"', b"123", b'{"sender": 1, "message": "hei"}',
    b'{"sender": "a"}', b'{"message": "hei"}', b'{"sender": "a", "message": 42}', b'{"sender": "a", "message": null}',
    b'{"sender": "a", "message": ["hei"]}', b"\xff\xfe\xfd", b'{"sender": "a", "message": "\xff\xfe"}',
    json.dumps({"sender": "a" * 1000, "message": "hei"}).encode(),
]


@pytest.mark.parametrize("body", MALFORMED_BODIES, ids=range(len(MALFORMED_BODIES)))
def test_malformed_rest_bodies_get_a_clear_4xx(servers, body):
    reply = requests.post(REST_WEBHOOK, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert 400 <= reply.status_code < 500
    assert reply.json()["error"]


@pytest.mark.parametrize("body", MALFORMED_BODIES[:8], ids=range(8))
def test_malformed_widget_bodies_get_a_clear_4xx(servers, body):
    for path in ("/session", "/message"):
        reply = requests.post(WEBCHAT + path, data=body, headers={"Content-Type": "application/json"}, timeout=30)
        assert reply.status_code < 500
    token = requests.post(f"{WEBCHAT}/session", json={}, timeout=10).json()["session"]
    reply = requests.post(f"{WEBCHAT}/message", json={"session": token, "message": "hei"}, timeout=60)
    assert reply.status_code == 200 and reply.json()["messages"]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_widget_never_fails_with_500(servers, text):
    token = requests.post(f"{WEBCHAT}/session", json={}, timeout=10).json()["session"]
    reply = requests.post(f"{WEBCHAT}/message", json={"session": token, "message": text}, timeout=60)
    assert reply.status_code < 500, reply.text[:300]
    if reply.status_code >= 400:
        assert reply.json()["error"]
    else:
        assert all("text" in m or "custom" in m or "buttons" in m for m in reply.json()["messages"])
    assert "Traceback" not in reply.text
    after = requests.post(f"{WEBCHAT}/message", json={"session": token, "message": "hei"}, timeout=60)
    assert after.status_code == 200 and after.json()["messages"]  # the conversation still works
