"""The deployed shape on this machine: scripts/serve.sh (production profile) behind Debian's nginx with the shipped
deploy/nginx/anskaffelseslosen.conf and a self-signed certificate. Started once for all tests by `make test-deploy`
(scripts/test_deploy.sh prepares the folder, the certificate and the model).

Ports (environment): DEPLOY_HTTPS_PORT 8443, DEPLOY_HTTP_PORT 8480, DEPLOY_RASA_PORT 5205, DEPLOY_ACTIONS_PORT 5255.
Client addresses: nginx limits per TCP peer address. Loopback is all of 127.0.0.0/8, so a test client that binds
its socket to 127.0.0.21 is, for nginx, another computer than one on 127.0.0.1 (the browser).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
HTTPS_PORT = int(os.environ.get("DEPLOY_HTTPS_PORT", "8443"))
HTTP_PORT = int(os.environ.get("DEPLOY_HTTP_PORT", "8480"))
RASA_PORT = int(os.environ.get("DEPLOY_RASA_PORT", "5205"))
ACTIONS_PORT = int(os.environ.get("DEPLOY_ACTIONS_PORT", "5255"))
BASE = f"https://127.0.0.1:{HTTPS_PORT}"
WIDGET = f"{BASE}/webhooks/webchat/"
NGINX = os.environ.get("DEPLOY_NGINX", shutil.which("nginx") or "/usr/sbin/nginx")


def deploy_dir() -> Path:
    folder = os.environ.get("DEPLOY_DIR")
    if not folder:
        pytest.exit("Run the deployed-shape test with `make test-deploy` (scripts/test_deploy.sh).", returncode=2)
    return Path(folder)


class FromAddress(HTTPAdapter):
    """Connections from a chosen loopback address (nginx sees it as the client's address)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client(address: str, cert: Path) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy or CA bundle from the environment: straight to loopback, our certificate
    session.mount("https://", FromAddress(address))
    session.mount("http://", FromAddress(address))
    session.verify = str(cert)  # the self-signed certificate is checked, not ignored
    return session


def render_nginx_site(cert: Path, key: Path) -> str:
    """The shipped site file with only ports, host name and certificate changed (each line must be found once)."""
    text = (ROOT / "deploy" / "nginx" / "anskaffelseslosen.conf").read_text(encoding="utf-8")
    changes = {
        "server 127.0.0.1:5005;": f"server 127.0.0.1:{RASA_PORT};",
        "    listen 80;": f"    listen {HTTP_PORT};",
        "    listen 443 ssl http2;": f"    listen {HTTPS_PORT} ssl http2;",
        "return 301 https://$host$request_uri;": f"return 301 https://$host:{HTTPS_PORT}$request_uri;",
        "/etc/ssl/anskaffelseslosen/cert.pem": str(cert),
        "/etc/ssl/anskaffelseslosen/key.pem": str(key),
    }
    for old, new in changes.items():
        assert text.count(old) == 1, f"deploy/nginx/anskaffelseslosen.conf changed: «{old}» not found once"
        text = text.replace(old, new)
    return text.replace("server_name chat.kommune.example;", "server_name localhost;")


def nginx_main_conf(folder: Path) -> str:
    temp = folder / "nginx-temp"
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / name).mkdir(parents=True, exist_ok=True)
        (temp / name).chmod(0o777)
    return f"""worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/anskaffelseslosen.conf;
}}
"""


def serve_environment(folder: Path, secret: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_DB_", "WEBCHAT_"))}
    env.update(
        TRACKER_DB_PATH=str(folder / "state" / "tracker.db"),
        RASA_PORT=str(RASA_PORT),
        ACTIONS_PORT=str(ACTIONS_PORT),
        RASA_CACHE_DIRECTORY=str(folder / "cache"),
    )
    if os.environ.get("DEPLOY_MODEL"):
        env["ANSKAFFELSESLOSEN_MODEL"] = os.environ["DEPLOY_MODEL"]
    if secret is not None:
        env["WEBCHAT_SECRET"] = secret
    return env


def wait_for(url: str, process: subprocess.Popen, seconds: int, log: Path, verify: bool | str = True) -> None:
    end = time.time() + seconds
    while time.time() < end:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process ended ({process.returncode}); log:\n{log.read_text()[-4000:]}")
        try:
            requests.get(url, timeout=2, verify=verify)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s; log:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen | None) -> None:
    """Ends a process this test started, and its children (its own session), by its id."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@dataclass
class Stack:
    folder: Path
    secret: str
    cert: Path
    rasa: subprocess.Popen
    actions: subprocess.Popen
    nginx: subprocess.Popen
    rasa_log: Path
    processes: list = field(default_factory=list)

    def client(self, address: str) -> requests.Session:
        return client(address, self.cert)


# As in deploy/systemd/: the servers run as an unprivileged user that cannot write to the code folder. When the
# test runs as root that user is `nobody` (DEPLOY_SERVICE_USER); otherwise the servers run as the caller.
def _service_user() -> tuple[str | None, str]:
    """(user, why not) — the user only when it can run the venv's Python (a pyenv under /root it cannot)."""
    if os.geteuid() != 0:
        return None, "not run as root: the servers run as the caller"
    user = os.environ.get("DEPLOY_SERVICE_USER", "nobody")
    python = ROOT / ".venv" / "bin" / "python"
    probe = subprocess.run(["runuser", "-u", user, "--", str(python), "-c", "pass"], capture_output=True, text=True)
    if probe.returncode != 0:
        return None, f"{user} cannot run {python.resolve()} (the Python the venv was made from is not readable for it)"
    return user, ""


SERVICE_USER, NO_SERVICE_USER = _service_user()
# The code folder read-only for the servers (ReadOnlyPaths= in systemd): a private mount namespace (root only).
_READ_ONLY = ["unshare", "-m", "--propagation", "private", "sh", "-c",
              'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"', str(ROOT)]
READ_ONLY_CODE = os.geteuid() == 0 and subprocess.run([*_READ_ONLY, "true"], capture_output=True).returncode == 0


def _start(command: list[str], env: dict, log: Path, as_service: bool = False) -> subprocess.Popen:
    if as_service and SERVICE_USER:
        command = ["runuser", "-u", SERVICE_USER, "--", "env", f"HOME={env['HOME']}", *command]
    if as_service and READ_ONLY_CODE:
        command = [*_READ_ONLY, *command]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _service_folders(folder: Path) -> None:
    """State, cache and home of the service user: the only places it may write (StateDirectory etc. in systemd)."""
    for name in ("state", "cache", "home"):
        (folder / name).mkdir(exist_ok=True)
        if SERVICE_USER:
            shutil.chown(folder / name, user=SERVICE_USER)


@pytest.fixture(scope="session")
def stack() -> Stack:
    folder = deploy_dir()
    cert, key = folder / "tls" / "cert.pem", folder / "tls" / "key.pem"
    assert cert.is_file(), "scripts/test_deploy.sh makes the certificate (deploy/make-self-signed-cert.sh)"
    secret = secrets.token_hex(32)
    env = serve_environment(folder, secret)
    actions_log, rasa_log, nginx_log = folder / "actions.log", folder / "rasa.log", folder / "nginx.out"
    _service_folders(folder)
    env["HOME"] = str(folder / "home")
    actions = _start(["scripts/serve.sh", "actions"], env, actions_log, as_service=True)
    rasa = _start(["scripts/serve.sh", "rasa"], env, rasa_log, as_service=True)
    (folder / "anskaffelseslosen.conf").write_text(render_nginx_site(cert, key), encoding="utf-8")
    (folder / "nginx.conf").write_text(nginx_main_conf(folder), encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-q", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                           capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refused the configuration:\n{check.stderr}"
    nginx = _start([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")], env, nginx_log)
    running = Stack(folder, secret, cert, rasa, actions, nginx, rasa_log)
    try:
        wait_for(f"http://127.0.0.1:{ACTIONS_PORT}/health", actions, 120, actions_log)
        wait_for(f"http://127.0.0.1:{RASA_PORT}/", rasa, 300, rasa_log)
        wait_for(f"{BASE}/health", nginx, 30, folder / "nginx-error.log", verify=str(cert))
        yield running
    finally:
        for process in (nginx, rasa, actions):
            stop(process)
