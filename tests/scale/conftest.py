"""Servers for the scale-out test (run by scripts/test_scale.sh, which starts PostgreSQL and Redis).

One action server and two Rasa replicas that share a PostgreSQL tracker store and a Redis lock
store, as the production set-up in the README. Replica B also has the HTTP API on, with a token.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The same server helpers as the integration tests.
sys.path.insert(0, str(ROOT / "tests" / "integration"))
from servers import server_environment, wait_until_up  # noqa: E402

RASA = str(ROOT / ".venv" / "bin" / "rasa")
API_TOKEN = "scale-test-token"


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run this through `make test-scale` (scripts/test_scale.sh).", returncode=2)
    return value


@dataclass
class Cluster:
    workdir: Path
    replicas: list[str]  # base URLs of the Rasa replicas
    pg_bin: str
    pgdata: str
    pg_as: str
    pg_port: str
    redis_port: str
    processes: list[subprocess.Popen]

    def pg_ctl(self, *args: str) -> None:
        command = [f"{self.pg_bin}/pg_ctl", "-D", self.pgdata, *args]
        if self.pg_as:
            command = ["runuser", "-u", self.pg_as, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=60)

    def stop_database(self) -> None:
        self.pg_ctl("stop", "-m", "fast", "-w")

    def start_database(self) -> None:
        self.pg_ctl(
            "start", "-w", "-l", f"{self.workdir}/postgres.log",
            "-o", f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.workdir}",
        )


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    workdir = Path(env("SCALE_DIR"))
    actions_port = env("SCALE_ACTIONS_PORT")
    ports = env("SCALE_RASA_PORTS").split(",")
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f"""action_endpoint:
  url: "http://127.0.0.1:{actions_port}/webhook"
  enable_selective_domain: true
tracker_store:
  type: stores.guarded.GuardedSQLTrackerStore
  dialect: "postgresql"
  url: "127.0.0.1"
  port: {env("SCALE_PG_PORT")}
  db: "anskaffelseslosen"
  username: "rasa"
lock_store:
  type: stores.redis_lock.AtomicRedisLockStore
  url: "127.0.0.1"
  port: {env("SCALE_REDIS_PORT")}
  key_prefix: "anskaffelseslosen"
""",
        encoding="utf-8",
    )
    processes: list[subprocess.Popen] = []
    try:
        log = workdir / "actions.log"
        actions = subprocess.Popen(
            [RASA, "run", "actions", "--actions", "actions", "--port", actions_port],
            cwd=ROOT, env=server_environment(), stdout=log.open("w"), stderr=subprocess.STDOUT,
        )
        processes.append(actions)
        replicas = []
        for i, port in enumerate(ports):
            extra = ["--enable-api", "--auth-token", API_TOKEN] if i == 1 else []
            rasa_log = workdir / f"rasa-{port}.log"
            processes.append(subprocess.Popen(
                [str(Path(RASA).with_name("python")), "-m", "stores.patches",  # the patches, as in production
                 "run", "--model", env("SCALE_MODEL"), "--endpoints", str(endpoints),
                 "--credentials", "credentials.yml", "--port", port, *extra],
                cwd=ROOT, env=server_environment(), stdout=rasa_log.open("w"), stderr=subprocess.STDOUT,
            ))
            replicas.append(f"http://127.0.0.1:{port}")
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions, 120, log)
        for url, process, port in zip(replicas, processes[1:], ports, strict=True):
            wait_until_up(f"{url}/", process, 300, workdir / f"rasa-{port}.log")
        yield Cluster(
            workdir=workdir, replicas=replicas, pg_bin=env("SCALE_PG_BIN"), pgdata=env("SCALE_PGDATA"),
            pg_as=os.environ.get("SCALE_PG_AS", ""), pg_port=env("SCALE_PG_PORT"),
            redis_port=env("SCALE_REDIS_PORT"), processes=processes,
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
