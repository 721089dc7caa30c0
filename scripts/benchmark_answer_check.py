"""What the answer check costs per turn: choose_answer (advisor/answer_choice.py) on every question of
tests/questions/*.yml, with the selector rankings and intents cached by scripts/fit_answer_check.py (no servers).

Prints the one-time start-up (loading content, index and weights) and the median / 95th percentile per turn.
Usage: scripts/benchmark_answer_check.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.fit_answer_check import CACHE, load_questions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not CACHE.exists():
        print("Ingen tolkninger i .cache/: kjør scripts/fit_answer_check.py først.")
        return 1
    parses = json.loads(CACHE.read_text(encoding="utf-8"))["parses"]
    texts = [item["turns"][-1] for item in load_questions() if item["turns"][-1] in parses]
    started = time.perf_counter()
    from advisor.answer_choice import choose_answer, warm_up
    warm_up()
    print(f"Oppstart (innhold, indeks, vekter): {(time.perf_counter() - started) * 1000:.0f} ms")
    timings = []
    for _ in range(args.rounds):
        for text in texts:
            parse = parses[text]
            ranking = [tuple(pair) for pair in parse["ranking"]]
            began = time.perf_counter()
            choose_answer(text, ranking, intent=parse["intent"], intent_confidence=parse["confidence"])
            timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    print(f"{len(texts)} spørsmål × {args.rounds}: median {statistics.median(timings):.2f} ms, "
          f"95. persentil {timings[int(len(timings) * 0.95)]:.2f} ms, maks {timings[-1]:.2f} ms per tur")
    return 0


if __name__ == "__main__":
    sys.exit(main())
