"""make profile-turn: where the milliseconds of one turn go, early and late in one long conversation.

Loads the trained model in this process (the same Agent `rasa run` builds from endpoints.yml, with a throw-away
SQLite tracker store and a real action server started here), then holds one conversation of --turns turns over
the load test's scripts and times each step of every turn with wall-clock timers around Rasa's own methods:
  tracker store   load and save of the conversation (SQLTrackerStore.retrieve / save)
  NLU             MessageProcessor.parse_message (tokeniser, features, DIET, ResponseSelector)
  policies        MessageProcessor._predict_next_with_tracker (one per predicted action)
  action server   RemoteAction.run (HTTP round trip incl. the action's own work and the tracker it is sent)
  other           the rest of handle_message (tracker copies, events, locks, sessions)
Prints ms per turn for turns 1–10 and the last ten, the number of calls per turn, and the size of the tracker
sent to the action server. Usage: scripts/profile_turn.py [--turns 150] [--model models/current.tar.gz]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import json
import logging
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmark_compare import Servers  # noqa: E402 (also picks free ports for the servers)

STEPS = ("tracker store", "NLU", "policies", "action server")
# Parts of «action server», timed inside it (not added to the total again).
ACTION_PARTS = ("· sporing til JSON", "· HTTP tur-retur", "· kontroll av svaret", "· svarmaler (NLG)")


class StepTimer:
    """Wall-clock milliseconds and call counts per step of the current turn."""

    def __init__(self) -> None:
        self.turn: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.payload_bytes = 0

    def wrap(self, owner: type, name: str, step: str) -> None:
        original = getattr(owner, name)
        is_static = isinstance(inspect.getattr_static(owner, name), staticmethod)
        timer = self
        if asyncio.iscoroutinefunction(original):
            @functools.wraps(original)
            async def timed(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    timer.turn[step] += (time.perf_counter() - start) * 1000
                    timer.calls[step] += 1
        else:
            @functools.wraps(original)
            def timed(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    timer.turn[step] += (time.perf_counter() - start) * 1000
                    timer.calls[step] += 1
        setattr(owner, name, staticmethod(timed) if is_static else timed)

    def take(self) -> tuple[dict[str, float], dict[str, int], int]:
        taken = dict(self.turn), dict(self.calls), self.payload_bytes
        self.turn, self.calls, self.payload_bytes = defaultdict(float), defaultdict(int), 0
        return taken


def instrument(timer: StepTimer) -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore

    for name in ("retrieve", "save"):
        timer.wrap(SQLTrackerStore, name, "tracker store")
    timer.wrap(MessageProcessor, "parse_message", "NLU")
    timer.wrap(MessageProcessor, "_predict_next_with_tracker", "policies")
    timer.wrap(RemoteAction, "run", "action server")
    from rasa.utils.endpoints import EndpointConfig

    timer.wrap(EndpointConfig, "request", ACTION_PARTS[1])
    timer.wrap(RemoteAction, "_validate_action_result", ACTION_PARTS[2])
    timer.wrap(RemoteAction, "_utter_responses", ACTION_PARTS[3])
    original_format = RemoteAction._action_call_format

    def measured_format(self, tracker, domain):
        start = time.perf_counter()
        payload = original_format(self, tracker, domain)
        timer.turn[ACTION_PARTS[0]] += (time.perf_counter() - start) * 1000
        timer.calls[ACTION_PARTS[0]] += 1
        timer.payload_bytes += len(json.dumps(payload, default=str))
        return payload

    RemoteAction._action_call_format = measured_format


async def converse(endpoints: Path, model: Path, turns: int, timer: StepTimer) -> list[dict]:
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # The log level `rasa run` uses: Rasa's debug logging alone prints every tracker state on every prediction.
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)

    from scripts.loadtest import conversations

    agent = await load_agent(str(model), endpoints=AvailableEndpoints.read_endpoints(str(endpoints)))
    instrument(timer)  # after loading: the tracker store installs its adjustments then (stores/server_tuning.py)
    scripts = conversations()
    script = [turn for name in sorted(scripts) for turn in scripts[name]]
    for _kind, text, _expected in script:  # warm-up: first calls load knowledge files and open connections
        await agent.handle_text(text, sender_id="warm-up")
    timer.take()
    sender, rows = f"profil-{uuid.uuid4().hex[:8]}", []
    for i in range(turns):
        start = time.perf_counter()
        await agent.handle_text(script[i % len(script)][1], sender_id=sender)
        total = (time.perf_counter() - start) * 1000
        steps, calls, payload = timer.take()
        rows.append({"total": total, "steps": steps, "calls": calls, "payload": payload})
    return rows


def report(rows: list[dict]) -> None:
    groups = {"tur 1–10": rows[:10], f"tur {len(rows) - 9}–{len(rows)}": rows[-10:]}
    print("| trinn | " + " | ".join(f"{name}, ms per tur (kall)" for name in groups) + " |")
    print("|---|" + "---:|" * len(groups))
    for step in (*STEPS[:-1], STEPS[-1], *ACTION_PARTS, "annet", "hele turen"):
        cells = []
        for group in groups.values():
            if step == "hele turen":
                values = [r["total"] for r in group]
            elif step == "annet":
                values = [r["total"] - sum(r["steps"].get(s, 0.0) for s in STEPS) for r in group]
            else:
                values = [r["steps"].get(step, 0.0) for r in group]
            timed = step in STEPS or step in ACTION_PARTS
            calls = statistics.mean(r["calls"].get(step, 0) for r in group) if timed else None
            cells.append(f"{statistics.mean(values):.1f}" + (f" ({calls:.1f})" if calls is not None else ""))
        print(f"| {step} | " + " | ".join(cells) + " |")
    for name, group in groups.items():
        kib = statistics.mean(r["payload"] for r in group) / 1024
        print(f"{name}: sporingsdata sendt til handlingsserveren {kib:.0f} KiB per tur")


def main() -> None:
    parser = argparse.ArgumentParser(description="Hvor tiden går i én tur, tidlig og sent i en lang samtale.")
    parser.add_argument("--turns", type=int, default=150)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    args = parser.parse_args()
    servers = Servers(Path(tempfile.mkdtemp(prefix="profile-turn-")))  # the action server, and the endpoints file
    servers.start_actions()
    try:
        rows = asyncio.run(converse(servers.endpoints, args.model, args.turns, StepTimer()))
    finally:
        servers.stop_all()
    report(rows)


if __name__ == "__main__":
    main()
