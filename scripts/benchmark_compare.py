"""make benchmark-compare: the cost of a turn here against a stock `rasa init` bot, measured side by side.

Builds the stock bot once (`rasa init` in .cache/stock-bot, trained there and kept), then starts it and this
assistant on free ports, each with a SQLite tracker store, and runs the same closed-loop load against each in
turn (scripts/loadtest.py; each bot gets conversations in its own domain):
  one user        turns one after another, no think time: median and p95
  users + think   --users users with --think seconds between turns: p95, turns/s, errors
  saturation      --users users, no think time: turns/s
  many users      --many users with think time: errors
  long            one conversation of --long turns: median of turns 1–10 against turns (n-9)–n
and the Rasa server's RSS at the end. Prints the table with ratios and the targets of issue #15, and writes
results/benchmark_compare.json. Usage:
  scripts/benchmark_compare.py [--users 25] [--many 50] [--think 0.5-1.5] [--duration 30] [--long 150]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# This assistant runs on the integration tests' servers (same endpoints and environment), on free ports.
os.environ.setdefault("TEST_RASA_PORT", str(free_port()))
os.environ.setdefault("TEST_ACTIONS_PORT", str(free_port()))

from tests.integration.servers import RASA_URL, Servers, server_environment, wait_until_up  # noqa: E402

RASA = str(ROOT / ".venv" / "bin" / "rasa")
STOCK_DIR = ROOT / ".cache" / "stock-bot"

# The stock bot's own domain (rasa init's «moodbot»): (turn type, text, text the answer must contain).
STOCK_SCRIPTS = {
    "happy": [("hilsen", "hello", "How are you"), ("stemning", "I am great", "carry on"),
              ("bot", "are you a bot?", "I am a bot"), ("hadet", "goodbye", "Bye")],
    "sad": [("hilsen", "hi", "How are you"), ("stemning", "I am sad", "Did that help"),
            ("svar", "yes", "carry on"), ("hadet", "bye", "Bye")],
}


def build_stock_bot() -> Path:
    """The stock bot's model; `rasa init` (which also trains) runs only when the cache has none."""
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz")) if STOCK_DIR.exists() else []
    if models:
        return models[-1]
    print("Bygger standardboten med «rasa init» (første gang, 2–4 min) …", flush=True)
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    STOCK_DIR.mkdir(parents=True)
    log = STOCK_DIR.parent / "stock-bot-init.log"
    with log.open("w") as output:
        done = subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(STOCK_DIR)], cwd=STOCK_DIR,
                              env=server_environment(), stdout=output, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"«rasa init» feilet; logg: {log}")
    return sorted((STOCK_DIR / "models").glob("*.tar.gz"))[-1]


@dataclass
class Bot:
    name: str
    url: str
    scripts: dict
    processes: list[subprocess.Popen] = field(default_factory=list)
    startup_seconds: float = 0.0

    def rss_mib(self) -> float:
        """RSS of the Rasa server (the last process started)."""
        return psutil.Process(self.processes[-1].pid).memory_info().rss / 2**20

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def start_stock(folder: Path) -> Bot:
    model = build_stock_bot()
    port = free_port()
    log = folder / "stock-rasa.log"
    endpoints = folder / "endpoints.yml"  # the same tracker store type, Rasa's own SQL store on SQLite
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{folder / "tracker.db"}"\n',
                         encoding="utf-8")
    rasa = subprocess.Popen([RASA, "run", "--model", str(model), "--endpoints", str(endpoints), "--port", str(port)],
                            cwd=STOCK_DIR, env=server_environment(), stdout=log.open("w"), stderr=subprocess.STDOUT)
    bot = Bot("standard", f"http://127.0.0.1:{port}", STOCK_SCRIPTS, [rasa])
    bot.startup_seconds = wait_until_up(bot.url + "/", rasa, 240, log)
    return bot


def start_assistant(folder: Path) -> Bot:
    from scripts.loadtest import conversations

    if not (ROOT / "models" / "current.tar.gz").exists():
        raise SystemExit("Fant ikke models/current.tar.gz – kjør «make train» først.")
    servers = Servers(folder)
    servers.start_actions()
    servers.start_rasa()
    bot = Bot("denne assistenten", RASA_URL, conversations(), [servers.actions, servers.rasa])
    bot.startup_seconds = servers.startup_seconds
    return bot


def long_conversation(bot: Bot, turns: int) -> tuple[list[float], int]:
    """One sender, `turns` turns back to back through the bot's scripts in order: milliseconds per turn."""
    script = [turn for name in sorted(bot.scripts) for turn in bot.scripts[name]]
    sender = f"lang-{uuid.uuid4().hex[:10]}"
    millis, errors = [], 0
    for i in range(turns):
        _kind, text, _expected = script[i % len(script)]
        start = time.perf_counter()
        reply = requests.post(bot.url + "/webhooks/rest/webhook", json={"sender": sender, "message": text},
                              timeout=60)
        millis.append((time.perf_counter() - start) * 1000)
        errors += reply.status_code != 200 or not reply.json()
    return millis, errors


def load(bot: Bot, users: int, duration: float, think: tuple[float, float]) -> dict:
    from scripts.loadtest import run_level, summarise

    samples, wall = asyncio.run(run_level(bot.url, users, duration, think, 1, 100_000, bot.scripts))
    total = summarise(samples, wall)[-1]
    return {"turns": total.requests, "errors": total.errors, "per_s": total.throughput, "p50": total.p50,
            "p95": total.p95, "reasons": total.reasons}


def measure(bot: Bot, args: argparse.Namespace) -> dict:
    print(f"\n== {bot.name} ({bot.url}), oppstart {bot.startup_seconds:.1f} s", flush=True)
    load(bot, 2, 5, (0.0, 0.0))  # warm-up: first predictions load lazily
    figures = {"startup_s": bot.startup_seconds}
    steps = [("one_user", 1, (0.0, 0.0)), ("users_think", args.users, args.think),
             ("saturation", args.users, (0.0, 0.0)), ("many_users", args.many, args.think)]
    for key, users, think in steps:
        print(f"   {key}: {users} brukere, betenkningstid {think[0]}–{think[1]} s, {args.duration:.0f} s …", flush=True)
        figures[key] = load(bot, users, args.duration, think)
        if figures[key]["reasons"]:
            print("      feil: " + ", ".join(f"{k}: {v}" for k, v in sorted(figures[key]["reasons"].items())))
    print(f"   lang samtale: {args.long} turer …", flush=True)
    millis, errors = long_conversation(bot, args.long)
    figures["long"] = {"first": statistics.median(millis[:10]), "last": statistics.median(millis[-10:]),
                       "errors": errors}
    figures["rss_mib"] = bot.rss_mib()
    return figures


def table(stock: dict, ours: dict, args: argparse.Namespace) -> list[tuple[str, str, str, str, str]]:
    """Rows: what, stock, ours, ratio, target met."""
    def row(label, s, o, fmt, ratio, target):
        return (label, fmt.format(s), fmt.format(o), f"{ratio:.2f}×" if ratio is not None else "", target)

    one_s, one_o = stock["one_user"], ours["one_user"]
    ut_s, ut_o = stock["users_think"], ours["users_think"]
    sat_s, sat_o = stock["saturation"], ours["saturation"]
    long_o = ours["long"]
    growth = long_o["last"] / long_o["first"]
    ok = "ja", "NEI"
    return [
        row("én bruker, median ms", one_s["p50"], one_o["p50"], "{:.0f}", one_o["p50"] / one_s["p50"],
            ok[one_o["p50"] > 1.5 * one_s["p50"]] + " (≤ 1,5×)"),
        row(f"{args.users} brukere, p95 ms", ut_s["p95"], ut_o["p95"], "{:.0f}", ut_o["p95"] / ut_s["p95"],
            ok[ut_o["p95"] > 2 * ut_s["p95"]] + " (≤ 2×)"),
        row(f"{args.users} brukere, turer/s", ut_s["per_s"], ut_o["per_s"], "{:.1f}", ut_o["per_s"] / ut_s["per_s"],
            ""),
        row(f"{args.users} brukere, feil", ut_s["errors"], ut_o["errors"], "{}", None, ok[ut_o["errors"] > 0]),
        row("metning, turer/s", sat_s["per_s"], sat_o["per_s"], "{:.1f}", sat_o["per_s"] / sat_s["per_s"],
            ok[sat_o["per_s"] < 0.8 * sat_s["per_s"]] + " (≥ 0,8×)"),
        row(f"{args.many} brukere, feil", stock["many_users"]["errors"], ours["many_users"]["errors"], "{}", None,
            ok[ours["many_users"]["errors"] > 0]),
        row(f"lang samtale, median tur 1–10 → {args.long - 9}–{args.long} ms",
            f"{stock['long']['first']:.0f} → {stock['long']['last']:.0f}",
            f"{long_o['first']:.0f} → {long_o['last']:.0f}", "{}", growth,
            ok[growth > 1.3] + " (vekst ≤ 1,3×)"),
        row("oppstart s", stock["startup_s"], ours["startup_s"], "{:.1f}", None,
            ok[ours["startup_s"] > 20] + " (≤ 20 s)"),
        row("RSS Rasa-server MiB", stock["rss_mib"], ours["rss_mib"], "{:.0f}", None,
            ok[ours["rss_mib"] > 1024] + " (≤ 1 GiB)"),
    ]


def print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("", "standard `rasa init`", "denne assistenten", "forhold", "mål nådd")
    lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|---|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    print("\n".join(lines))


def main() -> None:
    from scripts.loadtest import _think

    parser = argparse.ArgumentParser(description="Kostnad per tur: denne assistenten mot en standard Rasa-bot.")
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--many", type=int, default=50)
    parser.add_argument("--think", type=_think, default=(0.5, 1.5), help="betenkningstid i s, f.eks. 0.5-1.5")
    parser.add_argument("--duration", type=float, default=30, help="sekunder per lastnivå")
    parser.add_argument("--long", type=int, default=150, help="turer i den lange samtalen")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="benchmark-compare-"))
    results = {}
    try:
        for name, start in (("stock", start_stock), ("ours", start_assistant)):
            (folder / name).mkdir()
            bot = start(folder / name)
            try:
                results[name] = measure(bot, args)
            finally:
                bot.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load_average = os.getloadavg()
    print(f"\nMaskin: {os.cpu_count()} kjerner, load average {load_average[0]:.1f} / {load_average[1]:.1f} "
          f"(1 / 5 min) ved slutt. Last: {args.users} og {args.many} brukere, {args.duration:.0f} s per nivå, "
          f"betenkningstid {args.think[0]}–{args.think[1]} s.\n")
    print_table(table(results["stock"], results["ours"], args))
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "benchmark_compare.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
