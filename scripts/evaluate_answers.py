"""make evaluate-answers: does the assistant answer the question that was asked?

Runs the realistic questions in tests/questions/*.yml (written apart from the training data, each
labelled with the unit that answers it or «unknown») through the trained assistant – a real action server and
Rasa server, over REST – and reads each turn's answer record. Every question scores as
  right           the expected unit (or threshold answer, procedure chooser, checklist) was given,
  honest unknown  the assistant said plainly that it has no sure answer (the goal for `unknown` questions),
  wrong           anything else: an answer to another question, or no answer record at all.
The questions fall in a tuning part and a locked part by a fixed hash of their text
(advisor.answer_check.split_of); the answer check is fitted and its threshold chosen on the tuning part only.
Prints the table for both parts, writes results/answers.csv, and exits with 1 when, on the LOCKED part, «wrong»
exceeds --max-wrong or «right» of the answerable questions is below --min-right (the gate in make test).
Usage: scripts/evaluate_answers.py [--max-wrong 0.03] [--min-right 0.88] [--questions FILE ...] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Own ports, so a running `make run` is left alone.
os.environ.setdefault("TEST_RASA_PORT", "5305")
os.environ.setdefault("TEST_ACTIONS_PORT", "5355")

from advisor import answer_records  # noqa: E402
from advisor.answer_check import LOCKED, TUNING, split_of  # noqa: E402
from tests.integration.servers import REST_WEBHOOK, Servers  # noqa: E402

RIGHT, UNKNOWN, WRONG = "riktig", "ærlig ukjent", "feil"
# What a turn's answer record says was given, in the labels of tests/questions/sporsmal.yml.
_KIND_LABELS = {
    answer_records.THRESHOLD: "terskel", answer_records.PROCEDURE: "prosedyrevalg",
    answer_records.PROCEDURE_CHOOSER: "prosedyrevalg", answer_records.CHECKLIST: "sjekkliste",
    answer_records.UNKNOWN: "unknown",
}


def outcome_of(messages: list[dict]) -> str:
    """The label of what the turn gave: a unit key, «terskel», «prosedyrevalg», «sjekkliste», «unknown» or
    «annet» (no answer record: greeting, help menu and the like)."""
    for record in filter(None, map(answer_records.record_of_message, messages)):
        kind = record.get("kind")
        return str(record.get("topic")) if kind == answer_records.FAQ else _KIND_LABELS.get(kind, str(kind))
    return "annet"


def score(expected: str | list[str], outcome: str) -> str:
    """«unknown» is always an honest unknown: for a question the knowledge base cannot answer it is the goal."""
    if outcome == "unknown":
        return UNKNOWN
    accepted = expected if isinstance(expected, list) else [expected]
    return RIGHT if outcome in accepted else WRONG


def ask(turns: list[str]) -> str:
    sender = f"eval-{uuid.uuid4().hex[:12]}"
    messages: list[dict] = []
    for turn in turns:
        reply = requests.post(REST_WEBHOOK, params={"answer_records": "1"},
                              json={"sender": sender, "message": turn}, timeout=60)
        reply.raise_for_status()
        messages = reply.json()
    return outcome_of(messages)


QUESTIONS_DIR = ROOT / "tests" / "questions"


def load_items(path: Path) -> list[tuple[list[str], str | list[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [([q["text"]], q["expect"]) for q in data.get("questions") or []]
    items += [(list(c["turns"]), c["expect"]) for c in data.get("conversations") or []]
    return items


def load_all(paths: list[Path] | None = None) -> list[tuple[list[str], str | list[str]]]:
    """The items of every question file (default: all of tests/questions/*.yml)."""
    return [item for path in (paths or sorted(QUESTIONS_DIR.glob("*.yml"))) for item in load_items(path)]


def part_of(turns: list[str]) -> str:
    return split_of(turns if len(turns) > 1 else turns[0])


def _label(expected: str | list[str]) -> str:
    return " | ".join(expected) if isinstance(expected, list) else expected


def summary(rows: list[dict]) -> dict[str, float]:
    answerable = [r for r in rows if "unknown" not in r["expect"].split(" | ")]
    unanswerable = [r for r in rows if "unknown" in r["expect"].split(" | ")]
    count = Counter(r["score"] for r in rows)
    return {
        "n": len(rows), "right": count[RIGHT], "unknown": count[UNKNOWN], "wrong": count[WRONG],
        "wrong_share": count[WRONG] / len(rows) if rows else 0.0,
        "right_of_answerable": sum(r["score"] == RIGHT for r in answerable) / len(answerable) if answerable else 0.0,
        "unknown_of_unanswerable": (sum(r["score"] == UNKNOWN for r in unanswerable) / len(unanswerable)
                                    if unanswerable else 0.0),
        "answerable": len(answerable), "unanswerable": len(unanswerable),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Svarer boten på spørsmålet som ble stilt?")
    parser.add_argument("--questions", type=Path, nargs="*", help="spørsmålsfiler (standard: tests/questions/*.yml)")
    parser.add_argument("--max-wrong", type=float, default=0.03,
                        help="grense for andel feil svar i den låste delen (standard 0,03)")
    parser.add_argument("--min-right", type=float, default=0.88,
                        help="minste andel riktige av de besvarbare i den låste delen (standard 0,88)")
    parser.add_argument("--verbose", action="store_true", help="vis hvert spørsmål, ikke bare de feilede")
    args = parser.parse_args()
    items = load_all(args.questions)
    print(f"Starter action-server og Rasa-server og stiller {len(items)} spørsmål …", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        servers = Servers(Path(folder))
        try:
            servers.start_actions()
            servers.start_rasa()
            started = time.perf_counter()
            for number, (turns, expected) in enumerate(items, 1):
                outcome = ask(turns)
                rows.append({"question": " → ".join(turns), "expect": _label(expected), "outcome": outcome,
                             "score": score(expected, outcome), "part": part_of(turns)})
                if number % 50 == 0:
                    print(f"   … {number} av {len(items)}", flush=True)
            seconds = time.perf_counter() - started
        finally:
            servers.stop_all()
    for row in rows:
        if args.verbose or row["score"] == WRONG:
            print(f"[{row['score']}] [{row['part']}] {row['question']!r}: ventet {row['expect']}, "
                  f"fikk {row['outcome']}")
    out = ROOT / "results" / "answers.csv"
    out.parent.mkdir(exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["question", "expect", "outcome", "score", "part"], delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    print(f"\n{len(rows)} spørsmål; {seconds:.1f} s. Terskelen og vektene i svarkontrollen er valgt på tuningdelen; "
          "den låste delen er bare målt.")
    for part in (TUNING, LOCKED):
        print_table(part, summary([row for row in rows if row["part"] == part]))
    locked = summary([row for row in rows if row["part"] == LOCKED])
    print(f"Grense i den låste delen: feil ≤ {args.max_wrong:.0%}, riktig av besvarbare ≥ {args.min_right:.0%}. "
          f"Detaljer: {out.relative_to(ROOT)}")
    return gate(locked, args.max_wrong, args.min_right)


def print_table(part: str, result: dict[str, float]) -> None:
    name = {TUNING: "Tuningdelen", LOCKED: "Den låste delen"}[part]
    print(f"\n{name}: {result['n']} spørsmål ({result['answerable']} med svar i kunnskapsbasen, "
          f"{result['unanswerable']} uten)")
    print("| utfall | antall | andel |\n|---|---|---|")
    for label, key in ((RIGHT, "right"), (UNKNOWN, "unknown"), (WRONG, "wrong")):
        print(f"| {label} | {result[key]} | {result[key] / max(result['n'], 1):.1%} |")
    print(f"Riktig av de som kan besvares: {result['right_of_answerable']:.1%} (mål ≥ 90 %)")
    print(f"Ærlig ukjent av de som ikke kan besvares: {result['unknown_of_unanswerable']:.1%} (mål ≥ 90 %)")
    print(f"Feil: {result['wrong_share']:.1%}")


def gate(locked: dict[str, float], max_wrong: float, min_right: float) -> int:
    """0 when the locked part passes, 1 otherwise (with the reason printed)."""
    failed = 0
    if locked["wrong_share"] > max_wrong:
        print(f"For mange feil svar i den låste delen ({locked['wrong_share']:.1%}): boten svarer på et annet "
              "spørsmål enn det som ble stilt.")
        failed = 1
    if locked["right_of_answerable"] < min_right:
        print(f"For få riktige svar i den låste delen ({locked['right_of_answerable']:.1%}): boten avslår spørsmål "
              "den har svar på.")
        failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())
