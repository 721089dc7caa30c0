"""Scale-out: two Rasa replicas sharing a PostgreSQL tracker store and a Redis lock store."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import aiohttp
import requests
import sqlalchemy as sa
from conftest import API_TOKEN

from advisor.answers import read_answer
from advisor.checklist import load_checklist, summary_text

CHECKLIST = load_checklist()
TOTAL = len(CHECKLIST.questions)


def say(replica: str, sender: str, message: str) -> list[dict]:
    reply = requests.post(f"{replica}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)
    assert reply.status_code == 200, reply.text[:300]
    return reply.json()


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_checklist_walked_half_on_each_replica_ends_in_the_right_summary(cluster):
    a, b = cluster.replicas
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    assert f"Spørsmål 1 av {TOTAL}" in texts(say(a, sender, "start sjekklisten"))
    replies = ["ja", "nei", "delvis", "vet ikke", "ja", "ja", "nei", "delvis", "ja", "nei", "ja", "ja"][:TOTAL]
    final: list[dict] = []
    for i, answer in enumerate(replies):
        replica = b if i % 2 == 0 else a  # every turn goes to the other replica than the one before
        final = say(replica, sender, answer)
        if i < TOTAL - 1:
            assert f"Spørsmål {i + 2} av {TOTAL}" in texts(final), f"turn {i} on {replica}"
    expected = summary_text(
        CHECKLIST, {q.id: read_answer(r) for q, r in zip(CHECKLIST.questions, replies, strict=True)}, date.today()
    )
    summary = texts(final)
    assert expected.splitlines()[0] in summary  # «Oppsummering: X av N punkter er på plass …»
    notes = [m["custom"] for m in final if m.get("custom")]
    assert notes and "Ikke besvart" not in notes[0]["content"]


def test_simultaneous_messages_to_both_replicas_are_serialised_by_the_lock_store(cluster):
    a, b = cluster.replicas
    sender = f"scale-{uuid.uuid4().hex[:10]}"

    async def both() -> list[int]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:

            async def post(url: str, text: str) -> int:
                async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as r:
                    return r.status

            return await asyncio.gather(*(post(url, text) for url, text in [(a, "hei"), (b, "takk"), (a, "hjelp")]))

    assert asyncio.run(both()) == [200, 200, 200]
    engine = sa.create_engine(f"postgresql://rasa@127.0.0.1:{cluster.pg_port}/anskaffelseslosen")
    with engine.connect() as connection:
        user_turns = connection.execute(
            sa.text("select count(*) from events where sender_id = :s and type_name = 'user'"), {"s": sender}
        ).scalar()
        session_starts = connection.execute(
            sa.text("select count(*) from events where sender_id = :s and type_name = 'session_started'"),
            {"s": sender},
        ).scalar()
    engine.dispose()
    assert user_turns == 3  # no turn lost by two replicas writing the same conversation at once
    assert session_starts == 1


def test_lock_tickets_are_unique_when_replicas_ask_at_the_same_moment(cluster):
    from stores.redis_lock import AtomicRedisLockStore

    stores = [
        AtomicRedisLockStore(host="127.0.0.1", port=int(cluster.redis_port), key_prefix="ticketcheck") for _ in range(2)
    ]
    conversation = f"scale-{uuid.uuid4().hex[:10]}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        tickets = list(pool.map(lambda i: stores[i % 2].issue_ticket(conversation, 60), range(40)))
    assert sorted(tickets) == list(range(40))  # no ticket handed out twice
    for ticket in tickets:
        stores[ticket % 2].cleanup(conversation, ticket)
    assert stores[0].get_lock(conversation) is None  # the last one out deleted the lock


def test_database_restart_is_reported_on_both_replicas_and_they_recover(cluster):
    a, b = cluster.replicas
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    say(a, sender, "start sjekklisten")
    cluster.stop_database()
    try:
        for replica in (a, b):
            health = requests.get(f"{replica}/webhooks/rest/health", timeout=30)
            assert health.status_code == 503 and health.json()["tracker_store"]["available"] is False
        refused = requests.post(
            f"{b}/webhooks/rest/webhook", json={"sender": sender, "message": "ja"}, timeout=60
        )
        assert refused.status_code == 503 and "Beklager" in refused.json()["error"]
    finally:
        cluster.start_database()
    for replica in (a, b):
        assert requests.get(f"{replica}/webhooks/rest/health", timeout=30).status_code == 200
    assert f"Spørsmål 2 av {TOTAL}" in texts(say(b, sender, "ja"))  # state kept, pooled connections renewed


def test_http_api_when_switched_on_requires_the_token(cluster):
    a, b = cluster.replicas
    assert requests.get(f"{a}/status", timeout=10).status_code == 404  # off unless --enable-api
    assert requests.get(f"{b}/status", timeout=10).status_code == 401
    assert requests.get(f"{b}/conversations/x/tracker", timeout=10).status_code == 401
    assert requests.get(f"{b}/status", params={"token": API_TOKEN}, timeout=10).status_code == 200
