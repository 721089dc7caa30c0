"""Load test: simulated users holding realistic conversations against a running Anskaffelseslosen.

Usage (also `make loadtest`):
    python scripts/loadtest.py [--url http://127.0.0.1:5005] [--users 10 | --levels 1,10,25,50]
                               [--duration 60] [--think 2-5] [--seed 1] [--markdown]

Each user repeats whole conversations, one after another, until the duration is over: FAQ questions,
the checklist from the first question to the summary, the procedure chooser with «hvorfor?», and a
threshold question. Between turns the user «reads and types» for a random think time. Every turn is
checked (HTTP 200 and the expected text), so wrong answers count as errors too. The loops are
bounded by time and count, and only addresses on this machine are accepted.

Printed per turn type: requests, errors, throughput and p50/p95/p99/max latency in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# --- statistics (pure; unit-tested in tests/unit/test_loadtest_stats.py) --------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation between closest ranks; nan when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool
    reason: str = ""


@dataclass
class Summary:
    kind: str
    requests: int
    errors: int
    throughput: float  # requests per second over the whole run
    p50: float  # milliseconds
    p95: float
    p99: float
    max: float
    reasons: dict[str, int] = field(default_factory=dict)


def summarise(samples: Iterable[Sample], wall_seconds: float) -> list[Summary]:
    """One summary per turn type (sorted by name) and a last one, «alle», for all turns."""
    by_kind: dict[str, list[Sample]] = {}
    for sample in samples:
        by_kind.setdefault(sample.kind, []).append(sample)
    everything = [s for kind in by_kind.values() for s in kind]

    def one(kind: str, group: list[Sample]) -> Summary:
        millis = [s.seconds * 1000 for s in group]
        reasons: dict[str, int] = {}
        for s in group:
            if not s.ok:
                reasons[s.reason] = reasons.get(s.reason, 0) + 1
        return Summary(
            kind=kind,
            requests=len(group),
            errors=sum(1 for s in group if not s.ok),
            throughput=len(group) / wall_seconds if wall_seconds > 0 else math.nan,
            p50=percentile(millis, 50),
            p95=percentile(millis, 95),
            p99=percentile(millis, 99),
            max=max(millis) if millis else math.nan,
            reasons=reasons,
        )

    return [one(kind, by_kind[kind]) for kind in sorted(by_kind)] + [one("alle", everything)]


def format_table(summaries: Sequence[Summary], users: int, markdown: bool = False) -> str:
    header = ["brukere", "turtype", "forespørsler", "feil", "per s", "p50 ms", "p95 ms", "p99 ms", "maks ms"]
    rows = [
        [str(users), s.kind, str(s.requests), str(s.errors), f"{s.throughput:.1f}", f"{s.p50:.0f}", f"{s.p95:.0f}",
         f"{s.p99:.0f}", f"{s.max:.0f}"]
        for s in summaries
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:>{w}}}" for w in widths)
    return "\n".join([fmt.format(*header)] + [fmt.format(*r) for r in rows])


# --- conversations -------------------------------------------------------------------------------

Turn = tuple[str, str, str]  # (turn type, user text, text the answer must contain)


def conversations() -> dict[str, list[Turn]]:
    from advisor.checklist import load_checklist

    total = len(load_checklist().questions)
    answers = ["ja", "nei", "delvis", "vet ikke"]
    checklist: list[Turn] = [("sjekkliste", "start sjekklisten", f"Spørsmål 1 av {total}")]
    for i in range(total):
        expected = f"Spørsmål {i + 2} av {total}" if i < total - 1 else "Oppsummering"
        checklist.append(("sjekkliste", answers[i % len(answers)], expected))
    return {
        "faq": [
            ("hilsen", "hei", "Anskaffelseslosen"),
            ("faq", "hva er en innovativ anskaffelse?", "Kilde:"),
            ("faq", "er det lov å snakke med leverandører før konkurransen?", "Kilde:"),
            ("faq", "hva er et innovasjonspartnerskap?", "Kilde:"),
            ("faq", "hvordan gjennomfører vi markedsdialog?", "Kilde:"),
        ],
        "terskel": [
            ("terskelverdi", "hva er terskelverdien for kommuner?", "Kilde:"),
            ("terskelverdi", "vi er en kommune og skal kjøpe tjenester for 3 mill", "Kilde:"),
        ],
        "sjekkliste": checklist,
        "prosedyre": [
            ("prosedyre", "hvilken prosedyre bør vi velge", ""),
            ("prosedyre", "kommune", ""),
            ("prosedyre", "tjenester", ""),
            ("prosedyre", "3 mill", "Finnes det løsninger"),
            ("prosedyre", "nei", "ny kunnskap"),
            ("prosedyre", "nei", "Innovasjonspartnerskap"),
            ("prosedyre", "hvorfor?", ""),
        ],
    }


# --- running -------------------------------------------------------------------------------------


def _require_local(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"Lasttesten kjører bare mot denne maskinen (localhost/127.x), ikke {host!r}.")


async def _user(
    session, url: str, rng: random.Random, deadline: float, think: tuple[float, float], max_turns: int,
    samples: list[Sample], scripts: dict[str, list[Turn]],
) -> None:
    import aiohttp

    names = sorted(scripts)
    turns_done = 0
    while time.monotonic() < deadline and turns_done < max_turns:
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for kind, text, expected in scripts[rng.choice(names)]:
            if time.monotonic() >= deadline or turns_done >= max_turns:
                return
            start = time.perf_counter()
            ok, reason = True, ""
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as reply:
                    body = await reply.text()
                    if reply.status != 200:
                        ok, reason = False, f"HTTP {reply.status}"
                    else:
                        answer = "\n".join(m.get("text", "") for m in json.loads(body))
                        if not json.loads(body):
                            ok, reason = False, "tomt svar"
                        elif expected and expected not in answer:
                            ok, reason = False, f"mangler «{expected}»"
            except asyncio.TimeoutError:
                ok, reason = False, "tidsavbrudd"
            except aiohttp.ClientError as error:
                ok, reason = False, type(error).__name__
            samples.append(Sample(kind, time.perf_counter() - start, ok, reason))
            turns_done += 1
            if not ok:
                break  # a broken conversation is not continued; the user starts a new one
            await asyncio.sleep(rng.uniform(*think))


async def run_level(
    base_url: str, users: int, duration: float, think: tuple[float, float], seed: int, max_turns: int,
    scripts: dict[str, list[Turn]] | None = None,
) -> tuple[list[Sample], float]:
    """Closed loop: `users` simulated users for `duration` seconds; `scripts` defaults to this assistant's."""
    import aiohttp

    scripts = scripts or conversations()

    url = base_url.rstrip("/") + "/webhooks/rest/webhook"
    samples: list[Sample] = []
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=users + 5)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.monotonic()
        deadline = start + duration
        # Users arrive spread over the first few seconds, as people do.
        tasks = []
        for i in range(users):
            rng = random.Random(seed * 1000 + i)
            tasks.append(asyncio.create_task(_delayed(i * min(0.2, 5 / users), _user(
                session, url, rng, deadline, think, max_turns, samples, scripts))))
        await asyncio.gather(*tasks)
        wall = time.monotonic() - start
    return samples, wall


async def _delayed(seconds: float, coroutine) -> None:
    await asyncio.sleep(seconds)
    await coroutine


def _think(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    return float(low), float(high or low)


def main() -> None:
    parser = argparse.ArgumentParser(description="Lasttest med simulerte brukere (bare mot localhost).")
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--levels", help="flere nivåer etter hverandre, f.eks. 1,10,25,50")
    parser.add_argument("--duration", type=float, default=60, help="sekunder per nivå (standard 60)")
    parser.add_argument("--think", type=_think, default=(2.0, 5.0), help="betenkningstid i s, f.eks. 2-5")
    parser.add_argument("--max-turns", type=int, default=500, help="høyst så mange turer per bruker")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", action="store_true", help="tabell i Markdown (for docs/benchmarks.md)")
    parser.add_argument("--json", help="skriv resultatene også til denne JSON-fila")
    args = parser.parse_args()
    _require_local(args.url)

    levels = [int(n) for n in args.levels.split(",")] if args.levels else [args.users]
    results = []
    for users in levels:
        print(f"\n{users} samtidige brukere i {args.duration:.0f} s "
              f"(betenkningstid {args.think[0]}–{args.think[1]} s) …", flush=True)
        samples, wall = asyncio.run(run_level(args.url, users, args.duration, args.think, args.seed, args.max_turns))
        summaries = summarise(samples, wall)
        print(format_table(summaries, users, args.markdown))
        print(f"(maskinens load average etter nivået: {os.getloadavg()[0]:.1f} på {os.cpu_count()} kjerner)")
        reasons = summaries[-1].reasons
        if reasons:
            print("Feil: " + ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())))
        results.append({"users": users, "wall_seconds": round(wall, 1), "turns": [s.__dict__ for s in summaries]})
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    if any(r["turns"][-1]["errors"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
