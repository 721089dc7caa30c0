"""`make report-benchmark`: the report over 10 000 synthetic conversations must take under 10 seconds.

Writes the conversations into a temporary SQLite database with the table Rasa's SQL tracker store
creates (same columns, same JSON per event, user events as large as real ones: intent ranking,
response selector with the answer text, token offsets), then runs `scripts/report.py` on it as a
user would (a new Python process) and prints the wall-clock time. Exit code 1 above the limit.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.topics import all_topics  # noqa: E402
from tests.unit import report_events as ev  # noqa: E402

CONVERSATIONS = 10_000
LIMIT_SECONDS = 10.0
DAYS = 90
# The table exactly as rasa.core.tracker_store.SQLTrackerStore creates it in SQLite (Rasa 3.6.21).
SCHEMA = (
    "CREATE TABLE events (\n\tid INTEGER NOT NULL, \n\tsender_id VARCHAR(255) NOT NULL, \n\t"
    "type_name VARCHAR(255) NOT NULL, \n\ttimestamp FLOAT, \n\tintent_name VARCHAR(255), \n\t"
    "action_name VARCHAR(255), \n\tdata TEXT, \n\tPRIMARY KEY (id)\n)",
    "CREATE INDEX ix_events_sender_id ON events (sender_id)",
)
INTENTS = ["faq", "ask_threshold", "choose_procedure", "start_checklist", "greet", "thank", "help", "inform",
           "affirm", "deny"]
ANSWER = ("Svaret på spørsmålet, med lenker og en kildelinje. " * 14).strip()
QUESTIONS = ["hva er {}?", "kan du forklare {}", "hvordan gjør vi {} i kommunen", "jeg lurer på {}"]


def realistic(event: dict, rng: random.Random, topics: list[str]) -> dict:
    """Pads a hand-made event to the size and fields of a stored Rasa 3.6 event."""
    event = dict(event)
    event["metadata"] = {**(event.get("metadata") or {}), "model_id": "a33de05ce488478980465efce3d6e416",
                         "assistant_id": "anskaffelseslosen"}
    if event["event"] == "user":
        parse = dict(event["parse_data"])
        words = event["text"].split()
        parse["message_id"] = uuid.UUID(int=rng.getrandbits(128)).hex
        parse["metadata"] = {}
        parse["text_tokens"] = [[i * 6, i * 6 + 5] for i in range(len(words))]
        top = parse["intent_ranking"][0]
        parse["intent_ranking"] = [top] + [{"name": n, "confidence": rng.random() / 100} for n in INTENTS[:9]]
        keys = rng.sample(topics, 10)
        parse.setdefault("response_selector", {
            "all_retrieval_intents": ["faq"],
            "faq": {"response": {"responses": [{"text": ANSWER}], "confidence": 0.4,
                                 "intent_response_key": f"faq/{keys[0]}", "utter_action": f"utter_faq/{keys[0]}"},
                    "ranking": [{"confidence": rng.random(), "intent_response_key": f"faq/{k}"} for k in keys]},
        })
        event["parse_data"] = parse
        event["input_channel"] = "webchat"
        event["message_id"] = parse["message_id"]
    elif event["event"] == "bot":
        if event["text"]:  # an answer record has no text, only its custom payload
            event["text"] = event["text"] + " " + ANSWER[: rng.randint(100, 600)]
        event["data"] = {"elements": None, "quick_replies": None, "buttons": None, "attachment": None,
                         "image": None, "custom": (event.get("data") or {}).get("custom")}
    return event


def conversation(rng: random.Random, topics: list[str], checklist_ids: list[str]) -> list[dict]:
    events = ev.session()
    if rng.random() < 0.7:
        events += ev.simple_turn("hei", "greet", "utter_greet")
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(topics)
        events += ev.faq_turn(rng.choice(QUESTIONS).format(key.replace("_", " ")), key, rng.uniform(0.3, 1.0))
        if rng.random() < 0.3:
            rating = "ja" if rng.random() < 0.7 else "nei"
            events += ev.feedback_turn(rating, key)
            if rating == "nei" and rng.random() < 0.4:
                events += ev.feedback_turn("nei", key, f"Svaret manglet eksempel {rng.randint(1, 300)}")
    if rng.random() < 0.15:
        found = rng.choice(topics) if rng.random() < 0.5 else None
        events += ev.fallback_turn(f"uklart spørsmål nummer {rng.randint(1, 800)} om noe annet", found)
    if rng.random() < 0.15:
        events += ev.threshold_turn()
    if rng.random() < 0.05:
        events += ev.simple_turn("hva blir været i morgen", "out_of_scope", "utter_out_of_scope")
    walk = rng.random()
    if walk < 0.15:
        events += ev.checklist_start()
        answers: dict = {}
        stop = len(checklist_ids) if walk < 0.10 else 3
        for number, question_id in enumerate(checklist_ids[:stop], start=1):
            answers = {**answers, question_id: rng.choice(["ja", "ja", "delvis", "nei", "vet_ikke"])}
            events += ev.checklist_answer(answers, answers[question_id], last=number == len(checklist_ids))
        if stop < len(checklist_ids):
            events += ev.checklist_pause()
    if rng.random() < 0.10:
        events += ev.procedure_walk(rng.choice(["Direkte anskaffelse", "Konkurranse med forhandling",
                                                "Innovasjonspartnerskap"]))
    return events


def generate(path: Path, count: int = CONVERSATIONS) -> int:
    from advisor.checklist import load_checklist

    rng = random.Random(42)
    topics = sorted(all_topics())
    checklist_ids = [q.id for q in load_checklist().questions]
    end = time.time()
    rows = 0
    with sqlite3.connect(path) as db:
        for statement in SCHEMA:
            db.execute(statement)
        for number in range(count):
            sender = f"webchat-{uuid.UUID(int=rng.getrandbits(128)).hex[:24]}"
            start = end - rng.uniform(0, DAYS * 86_400)
            batch = []
            for offset, event in enumerate(conversation(rng, topics, checklist_ids)):
                event = realistic(event, rng, topics)
                event["timestamp"] = start + offset
                intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
                batch.append((sender, event["event"], event["timestamp"], intent, event.get("name")
                              if event["event"] == "action" else None, json.dumps(event)))
                if event["event"] == "user":  # Rasa stores this one after every user event as well
                    batch.append((sender, "user_featurization", event["timestamp"], None, None, json.dumps(
                        {"event": "user_featurization", "timestamp": event["timestamp"],
                         "use_text_for_featurization": False})))
            db.executemany(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                "VALUES (?, ?, ?, ?, ?, ?)", batch,
            )
            rows += len(batch)
            if number and number % 2000 == 0:
                db.commit()
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="report-benchmark-") as folder:
        db = Path(folder) / "tracker.db"
        print(f"Lager {CONVERSATIONS} syntetiske samtaler i {db} …", flush=True)
        rows = generate(db)
        size = db.stat().st_size / 1e6
        print(f"{rows} hendelser, {size:.0f} MB. Kjører rapporten …", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), "--db", str(db),
                               "--out", str(Path(folder) / "rapport")], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        print(done.stdout.strip())
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
    verdict = "OK" if seconds < LIMIT_SECONDS else f"FOR TREG (grense {LIMIT_SECONDS:.0f} s)"
    print(f"Rapport for {CONVERSATIONS} samtaler ({rows} hendelser, {size:.0f} MB): {seconds:.1f} s – {verdict}")
    return 0 if seconds < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
