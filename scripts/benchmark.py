"""make benchmark: training time, Rasa start-up time, Rasa server memory (RSS) and REST latency.

Set BENCH_INSTALL=1 to also time a clean install of requirements.txt into a throw-away venv, and
BENCH_TRAIN=1 to time a forced full training (otherwise the current model is used).
Figures are printed; copy them into docs/benchmarks.md with the date and machine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv" / "bin" / "rasa")
QUESTIONS = [
    "hei",
    "er det lov å snakke med leverandører før konkurransen?",
    "hva er terskelverdien for kommuner?",
    "kva er konkurransepreget dialog",
    "hvordan kartlegger vi behovet",
    "takk for hjelpen",
]


def environment() -> dict:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT))
    env["SANIC_HOST"] = "127.0.0.1"
    return env


def time_install() -> float:
    with tempfile.TemporaryDirectory() as folder:
        python = sys.executable
        start = time.perf_counter()
        subprocess.run([python, "-m", "venv", f"{folder}/venv"], check=True)
        subprocess.run([f"{folder}/venv/bin/pip", "install", "-q", "-r", str(ROOT / "requirements.txt")], check=True)
        return time.perf_counter() - start


def time_training(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [RASA, "train", "--out", str(out), "--fixed-model-name", "bench", "--force", "--num-threads", "2"],
        cwd=ROOT, env=environment(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def wait_for(url: str, seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def main() -> None:
    if os.environ.get("BENCH_INSTALL") == "1":
        print(f"install (clean venv, requirements.txt): {time_install():.0f} s", flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if os.environ.get("BENCH_TRAIN") == "1":
            print(f"training (rasa train --force, 2 threads): {time_training(workdir):.0f} s", flush=True)
        else:
            shutil.copy(ROOT / "models" / "current.tar.gz", workdir / "bench.tar.gz")
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:5055/webhook"\n  enable_selective_domain: true\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir}/tracker.db"\n'
        )
        actions = subprocess.Popen(
            [RASA, "run", "actions", "--actions", "actions", "--port", "5055"],
            cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        start = time.perf_counter()
        rasa = subprocess.Popen(
            [RASA, "run", "--model", str(workdir / "bench.tar.gz"), "--endpoints", str(endpoints),
             "--credentials", "credentials.yml", "--port", "5005"],
            cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_for("http://127.0.0.1:5005/", 300)
            print(f"rasa start-up (process start → HTTP answer): {time.perf_counter() - start:.1f} s")
            wait_for("http://127.0.0.1:5055/health", 60)
            latencies = []
            for round_number in range(10):
                sender = f"bench-{uuid.uuid4().hex[:8]}"
                for question in QUESTIONS:
                    t0 = time.perf_counter()
                    reply = requests.post(
                        "http://127.0.0.1:5005/webhooks/rest/webhook",
                        json={"sender": sender, "message": question}, timeout=30,
                    )
                    reply.raise_for_status()
                    if round_number:  # the first round warms up caches
                        latencies.append((time.perf_counter() - t0) * 1000)
            rss = psutil.Process(rasa.pid).memory_info().rss / 2**20
            latencies.sort()
            print(f"rasa server RSS after {len(latencies) + len(QUESTIONS)} messages: {rss:.0f} MiB")
            print(
                f"REST latency, single user, {len(latencies)} turns: median {statistics.median(latencies):.0f} ms, "
                f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms"
            )
        finally:
            for process in (rasa, actions):
                process.terminate()
                process.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
