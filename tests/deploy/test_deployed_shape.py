"""Checks over HTTPS through nginx against the production profile (scripts/serve.sh). The tests run in file order;
the last one stops Rasa. Each test that sends many requests uses its own client address (see conftest.py)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from tests.deploy.conftest import (
    ACTIONS_PORT,
    BASE,
    HTTP_PORT,
    RASA_PORT,
    ROOT,
    WIDGET,
    serve_environment,
    stop,
)
from tests.widget_steps import LAUNCHER, open_widget, send

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOO_MANY = "Du har sendt mange meldinger på kort tid"
UNAVAILABLE = "ikke tilgjengelig akkurat nå"


# --- refusing to start -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("secret", [None, "", "for-kort-hemmelighet"])
def test_a_start_without_a_proper_webchat_secret_fails_with_a_norwegian_message(tmp_path, secret):
    env = serve_environment(tmp_path, secret)
    env["RASA_PORT"], env["ACTIONS_PORT"] = "5299", "5298"  # never reached: it must stop before
    for part in ("rasa", "actions"):
        started = time.time()
        result = subprocess.run(["scripts/serve.sh", part], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode != 0
        assert "WEBCHAT_SECRET mangler eller er for kort (minst 32 tegn)" in result.stderr
        assert "openssl rand -hex 32" in result.stderr and time.time() - started < 10


def test_the_widget_channel_itself_refuses_a_missing_secret_in_the_production_credentials(monkeypatch):
    import yaml

    from channels.webchat import MissingSecret, WebchatInput

    credentials = yaml.safe_load((ROOT / "deploy" / "credentials.production.yml").read_text(encoding="utf-8"))
    assert list(credentials) == ["channels.webchat.WebchatInput"], "production: the widget channel only"
    monkeypatch.delenv("WEBCHAT_SECRET", raising=False)
    with pytest.raises(MissingSecret, match="WEBCHAT_SECRET mangler"):
        WebchatInput.from_credentials(credentials["channels.webchat.WebchatInput"])
    monkeypatch.setenv("WEBCHAT_SECRET", "x" * 32)
    assert WebchatInput.from_credentials(credentials["channels.webchat.WebchatInput"])


def test_the_systemd_units_are_valid_and_run_the_production_profile_hardened(tmp_path):
    import shutil

    folder = ROOT / "deploy" / "systemd"
    units = sorted(folder.glob("*.service")) + sorted(folder.glob("*.timer"))
    for name in ("rasa", "actions"):
        text = (ROOT / "deploy" / "systemd" / f"anskaffelseslosen-{name}.service").read_text(encoding="utf-8")
        for line in ("User=anskaffelseslosen", "Restart=on-failure", "ReadOnlyPaths=/srv/anskaffelseslosen",
                     "ProtectSystem=strict", "NoNewPrivileges=yes", f"scripts/serve.sh {name}"):
            assert line in text, (name, line)
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    (tmp_path / "env").write_text("")
    for unit in units:  # paths of this checkout instead of /srv/…, so that verify finds the programs
        text = unit.read_text(encoding="utf-8").replace("/srv/anskaffelseslosen", str(ROOT))
        (tmp_path / unit.name).write_text(text.replace("/etc/anskaffelseslosen/env", str(tmp_path / "env")))
    result = subprocess.run(["systemd-analyze", "verify", *[str(tmp_path / u.name) for u in units]],
                            capture_output=True, text=True, env=dict(os.environ, SYSTEMD_LOG_LEVEL="notice"))
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


# --- what listens where --------------------------------------------------------------------------------------------

def _descendants(pid: int) -> set[int]:
    found, todo = {pid}, [pid]
    while todo:
        parent = todo.pop()
        for child in Path("/proc").glob(f"{parent}/task/*/children"):
            for token in child.read_text().split():
                if int(token) not in found:
                    found.add(int(token))
                    todo.append(int(token))
    return found


def _listeners() -> list[tuple[str, int, set[int]]]:
    """(local address, port, pids) of every listening TCP socket, from `ss -ltnpH`."""
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        fields = line.split()
        address, _, port = fields[3].rpartition(":")
        pids = {int(p) for p in re.findall(r"pid=(\d+)", line)}
        rows.append((address.strip("[]"), int(port), pids))
    return rows


def _loopback(address: str) -> bool:
    return address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1")


def test_in_the_production_profile_only_nginx_listens_beyond_loopback(stack):
    ours = {"rasa": _descendants(stack.rasa.pid), "actions": _descendants(stack.actions.pid),
            "nginx": _descendants(stack.nginx.pid)}
    listeners = _listeners()
    by_part = {part: [(a, p) for a, p, pids in listeners if pids & procs] for part, procs in ours.items()}
    assert ("127.0.0.1", RASA_PORT) in by_part["rasa"] and ("127.0.0.1", ACTIONS_PORT) in by_part["actions"]
    for part in ("rasa", "actions"):
        wide = [(a, p) for a, p in by_part[part] if not _loopback(a)]
        assert not wide, f"{part} listens beyond loopback: {wide}"
    assert any(not _loopback(a) and p == stack_https_port() for a, p in by_part["nginx"]), by_part["nginx"]
    # Nobody at all listens on the servers' ports beyond loopback (e.g. a second Rasa on 0.0.0.0).
    assert not [(a, p) for a, p, _ in listeners if p in (RASA_PORT, ACTIONS_PORT) and not _loopback(a)]
    # Every non-loopback listener of the whole stack is nginx.
    stack_pids = set().union(*ours.values())
    wide_ours = [(a, p, pids) for a, p, pids in listeners if pids & stack_pids and not _loopback(a)]
    assert wide_ours and all(pids <= ours["nginx"] for _, _, pids in wide_ours)


def _server_pids(process) -> list[int]:
    pids = [p for p in _descendants(process.pid) if "python" in Path(f"/proc/{p}/comm").read_text()]
    assert pids, "the server process was not found"
    return pids


def test_the_servers_run_with_the_code_folder_read_only(stack):
    from tests.deploy.conftest import READ_ONLY_CODE

    if not READ_ONLY_CODE:
        pytest.skip("needs root for a private read-only mount of the code folder")
    for part in (stack.rasa, stack.actions):
        for pid in _server_pids(part):
            mounts = [line.split() for line in Path(f"/proc/{pid}/mountinfo").read_text().splitlines()]
            code = [m for m in mounts if m[4] == str(ROOT)]
            assert code and "ro" in code[-1][5].split(","), code
    # It served the tests before this one from there, writing only to its state folder.
    assert (stack.folder / "state" / "tracker.db").is_file()


def test_the_servers_run_as_an_unprivileged_user_that_cannot_write_the_code(stack):
    from tests.deploy.conftest import NO_SERVICE_USER, SERVICE_USER

    if not SERVICE_USER:
        pytest.skip(NO_SERVICE_USER)
    import pwd

    uid = pwd.getpwnam(SERVICE_USER).pw_uid
    for part in (stack.rasa, stack.actions):
        for pid in _server_pids(part):
            uids = Path(f"/proc/{pid}/status").read_text().split("Uid:")[1].split()[:2]
            assert {int(u) for u in uids} == {uid}
    written = subprocess.run(["find", str(ROOT), "-path", str(ROOT / ".venv"), "-prune", "-o", "-user",
                              SERVICE_USER, "-print"], capture_output=True, text=True).stdout.split()
    assert not written, f"the service wrote into the code folder: {written[:5]}"
    assert (stack.folder / "state" / "tracker.db").stat().st_uid == uid


def stack_https_port() -> int:
    return int(BASE.rsplit(":", 1)[1])


# --- the proxy: what passes, what does not -------------------------------------------------------------------------

def test_plain_http_redirects_to_https_and_health_answers(stack):
    web = stack.client("127.0.0.10")
    redirect = web.get(f"http://127.0.0.1:{HTTP_PORT}/webhooks/webchat/", allow_redirects=False, timeout=10)
    assert redirect.status_code == 301 and redirect.headers["Location"].startswith("https://")
    health = web.get(f"{BASE}/health", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert "Strict-Transport-Security" in health.headers and "nginx/" not in health.headers.get("Server", "")


INTERNAL = [
    ("POST", "/webhooks/rest/webhook", {"sender": "x", "message": "hei"}),
    ("GET", "/webhooks/rest/", None),
    ("GET", "/webhooks/rest/health", None),
    ("GET", "/model", None),
    ("POST", "/model/parse", {"text": "hei"}),
    ("PUT", "/model", {"model_file": "/tmp/x.tar.gz"}),
    ("GET", "/conversations/someone/tracker", None),
    ("POST", "/conversations/someone/messages", {"text": "hei", "sender": "user"}),
    ("GET", "/status", None),
    ("GET", "/version", None),
    ("POST", "/webhook", {"next_action": "action_answer"}),  # the action server's path
    ("GET", "/actions", None),
    ("GET", "/webhooks/webchat/health", None),
    ("GET", "/webhooks/webchat/static/../../../model", None),
    ("GET", "/webhooks/webchat/%2e%2e/%2e%2e/model", None),
    ("DELETE", "/webhooks/webchat/message", None),
    ("GET", "/webhooks/webchat/message", None),
]


@pytest.mark.parametrize(("method", "path", "body"), INTERNAL)
def test_rest_channel_http_api_and_action_server_are_not_reachable_through_nginx(stack, method, path, body):
    response = stack.client("127.0.0.12").request(method, BASE + path, json=body, timeout=10)
    assert response.status_code in (404, 405), (path, response.status_code, response.text[:200])
    assert "error" in response.json()


def test_a_foreign_site_gets_no_cors_permission(stack):
    web = stack.client("127.0.0.14")
    for path in ("webhooks/webchat/message", "webhooks/webchat/session"):
        preflight = web.options(f"{WIDGET}{path.split('/')[-1]}", timeout=10, headers={
            "Origin": "https://angriper.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Private-Network": "true"})
        assert preflight.status_code < 500
        assert "Access-Control-Allow-Origin" not in preflight.headers
        assert "Access-Control-Allow-Private-Network" not in preflight.headers
    posted = web.post(f"{WIDGET}session", json={}, headers={"Origin": "https://angriper.example"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in posted.headers


def test_rasa_itself_runs_without_the_rest_channel_and_without_the_http_api(stack):
    local = stack.client("127.0.0.1")
    assert local.post(f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook",
                      json={"sender": "x", "message": "hei"}, timeout=10).status_code == 404
    assert local.get(f"http://127.0.0.1:{RASA_PORT}/model", timeout=10).status_code == 404
    assert local.get(f"http://127.0.0.1:{RASA_PORT}/conversations/x/tracker", timeout=10).status_code == 404


def test_the_startup_log_names_the_rasa_version_and_the_active_patches(stack):
    log = stack.rasa_log.read_text(encoding="utf-8", errors="replace")
    assert ("<6>stores.patches: Rasa 3.6.21 with patches: reply_check_compiled_once, "
            "session_cut_after_events=100, weights_built_eagerly.") in log
    assert "installed by the tracker store" not in log
    assert "\x1b[" not in log, "no terminal colours in the journald format"


# --- the widget's sessions ------------------------------------------------------------------------------------------

def test_a_forged_widget_session_is_refused(stack):
    import hashlib
    import hmac

    web = stack.client("127.0.0.11")
    url = f"{WIDGET}message"
    good = web.post(f"{WIDGET}session", json={}, timeout=10).json()["session"]
    session_id, _ = good.split(".")
    other_secret = hmac.new(b"another-secret", session_id.encode(), hashlib.sha256).hexdigest()[:32]
    for forged in (f"{session_id}.{'0' * 32}", f"{session_id}.{other_secret}", "webchat-abc", "", None,
                   f"{session_id}x.{good.split('.')[1]}"):
        refused = web.post(url, json={"session": forged, "message": "hei"}, timeout=10)
        assert refused.status_code == 401, forged
        assert "Samtalen er utløpt eller ugyldig" in refused.json()["error"]
    # A forged token is not confirmed either: /session hands out a new one instead.
    assert web.post(f"{WIDGET}session", json={"session": f"{session_id}.{'0' * 32}"},
                    timeout=10).json()["session"] != f"{session_id}.{'0' * 32}"
    answered = web.post(url, json={"session": good, "message": "hei"}, timeout=60)
    assert answered.status_code == 200 and answered.json()["messages"]


def test_an_oversized_body_gets_413_with_a_norwegian_message(stack):
    web = stack.client("127.0.0.13")
    token = web.post(f"{WIDGET}session", json={}, timeout=10).json()["session"]
    huge = web.post(f"{WIDGET}message", data=json.dumps({"session": token, "message": "x" * 40_000}),
                    headers={"Content-Type": "application/json"}, timeout=10)
    assert huge.status_code == 413 and "for lang" in huge.json()["error"]
    too_long = web.post(f"{WIDGET}message", json={"session": token, "message": "x" * 2001}, timeout=10)
    assert too_long.status_code == 413 and "høyst 2000 tegn" in too_long.json()["error"]


def test_a_burst_from_one_address_gets_429_while_another_address_is_served(stack):
    noisy, quiet = stack.client("127.0.0.20"), stack.client("127.0.0.21")
    statuses = []
    for number in range(45):
        # Headers a client could set to pass for someone else are not trusted by the limit.
        spoof = {"X-Forwarded-For": f"10.9.{number}.1", "X-Real-IP": f"10.8.{number}.1"}
        statuses.append(noisy.post(f"{WIDGET}session", json={}, headers=spoof, timeout=10))
    codes = [r.status_code for r in statuses]
    assert 20 <= codes.count(200) <= 26 and codes.count(429) >= 19, codes
    assert codes[:20] == [200] * 20, "the burst of 20 is allowed"
    limited = next(r for r in statuses if r.status_code == 429)
    assert TOO_MANY in limited.json()["error"] and limited.headers.get("Retry-After")
    # Another address is served at once, with a real answer (the limited address still gets 429 meanwhile).
    token = quiet.post(f"{WIDGET}session", json={}, timeout=10).json()["session"]
    assert noisy.post(f"{WIDGET}session", json={}, timeout=10).status_code == 429
    turn = quiet.post(f"{WIDGET}message", json={"session": token, "message": "hva er fem hvorfor?"}, timeout=60)
    assert turn.status_code == 200 and turn.json()["messages"]


# --- the widget in Chromium over HTTPS -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(stack):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(ignore_https_errors=True)  # the test's self-signed certificate
    page = context.new_page()
    page.goto(WIDGET)
    yield page
    context.close()


def test_the_widget_works_in_chromium_over_https_and_passes_an_axe_scan(page):
    assert page.url.startswith("https://")
    open_widget(page)
    send(page, "er det lov å snakke med leverandører før konkurransen?")
    expect(page.get_by_role("log")).to_contain_text("Kilde:", timeout=30_000)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]


@pytest.mark.parametrize(("status", "expected"), [(429, TOO_MANY), (503, UNAVAILABLE), (502, UNAVAILABLE)])
def test_the_widget_shows_a_friendly_message_for_a_raw_proxy_error(page, status, expected):
    """Another proxy in the path may answer with its own HTML page: the user never sees it."""
    open_widget(page)
    page.route("**/webhooks/webchat/message", lambda route: route.fulfill(
        status=status, content_type="text/html", body=f"<html><body><h1>{status} Error</h1>nginx</body></html>"))
    send(page, "hva er fem hvorfor?")
    error = page.locator(".al-error").last
    expect(error).to_contain_text(expected, timeout=15_000)
    assert "nginx" not in error.inner_text() and str(status) not in error.inner_text()
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_have_value("hva er fem hvorfor?")


def test_the_widget_shows_a_friendly_message_when_nginx_limits_this_browser(stack, page):
    open_widget(page)
    browser_address = stack.client("127.0.0.1")  # the browser's own address
    for _ in range(40):
        if browser_address.post(f"{WIDGET}session", json={}, timeout=10).status_code == 429:
            break
    send(page, "hva er konkurransepreget dialog?")
    expect(page.locator(".al-error").last).to_contain_text(TOO_MANY, timeout=15_000)
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_have_value("hva er konkurransepreget dialog?")


# --- the backup example -------------------------------------------------------------------------------------------

def test_the_backup_example_copies_the_sqlite_conversations(stack, tmp_path):
    env = dict(os.environ, TRACKER_DB_PATH=str(stack.folder / "state" / "tracker.db"),
               BACKUP_DIR=str(tmp_path / "backups"), BACKUP_KEEP_DAYS="14")
    result = subprocess.run(["deploy/backup.sh"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    copies = list((tmp_path / "backups").glob("tracker-*.db"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0


# --- PostgreSQL, the production store ----------------------------------------------------------------------------

PG_PORT = int(os.environ.get("DEPLOY_PG_PORT", "5240"))
PG_RASA_PORT = int(os.environ.get("DEPLOY_PG_RASA_PORT", "5207"))


@pytest.fixture
def postgres(stack):
    """A private PostgreSQL on 127.0.0.1 (Debian's package; scripts/test_deploy.sh installs it when missing)."""
    import shutil

    initdb = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not initdb:
        pytest.skip("PostgreSQL is not installed")
    pg_bin, folder = initdb[-1].parent, stack.folder / "pg"
    folder.mkdir()
    as_pg = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: as the package's «postgres» user then
        shutil.chown(folder, user="postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run([*as_pg, str(pg_bin / "initdb"), "-D", str(folder / "data"), "-U", "rasa", "-A", "trust",
                    "--locale=C.UTF-8", "-E", "UTF8"], **run)
    subprocess.run([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w",
                    "-o", f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {folder}", "start"], **run)
    try:
        subprocess.run([*as_pg, str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "rasa",
                        "anskaffelseslosen"], **run)
        yield PG_PORT
    finally:
        subprocess.run([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "stop", "-m", "fast"],
                       capture_output=True, timeout=60)


def test_the_production_profile_on_postgresql_and_its_backup(stack, postgres, tmp_path):
    import sqlalchemy as sa

    from tests.deploy.conftest import _start, wait_for

    env = serve_environment(stack.folder, stack.secret)
    del env["TRACKER_DB_PATH"]
    env.update(TRACKER_DB_HOST="127.0.0.1", TRACKER_DB_PORT=str(postgres), TRACKER_DB_NAME="anskaffelseslosen",
               TRACKER_DB_USER="rasa", TRACKER_DB_PASSWORD="", PGSSLMODE="disable", RASA_PORT=str(PG_RASA_PORT),
               HOME=str(stack.folder / "home"))
    log = stack.folder / "rasa-postgresql.log"
    rasa = _start(["scripts/serve.sh", "rasa"], env, log, as_service=True)
    try:
        wait_for(f"http://127.0.0.1:{PG_RASA_PORT}/webhooks/webchat/health", rasa, 300, log)
        local = stack.client("127.0.0.1")
        base = f"http://127.0.0.1:{PG_RASA_PORT}/webhooks/webchat/"
        token = local.post(f"{base}session", json={}, timeout=10).json()["session"]
        turn = local.post(f"{base}message", json={"session": token, "message": "hva er fem hvorfor?"}, timeout=60)
        assert turn.status_code == 200 and turn.json()["messages"]
    finally:
        stop(rasa)
    assert f"samtalelager PostgreSQL 127.0.0.1:{postgres}/anskaffelseslosen" in log.read_text(errors="replace")
    engine = sa.create_engine(f"postgresql://rasa@127.0.0.1:{postgres}/anskaffelseslosen")
    with engine.connect() as db:
        stored = db.execute(sa.text("SELECT COUNT(*) FROM events WHERE sender_id LIKE 'webchat-%'")).scalar()
    engine.dispose()
    assert stored > 0
    backup = subprocess.run(["deploy/backup.sh"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**env, "BACKUP_DIR": str(tmp_path / "backups")})
    assert backup.returncode == 0, backup.stderr
    dumps = list((tmp_path / "backups").glob("tracker-*.dump"))
    assert len(dumps) == 1
    listing = subprocess.run(["pg_restore", "--list", str(dumps[0])], capture_output=True, text=True, check=True)
    assert "TABLE DATA public events" in listing.stdout


# --- last: Rasa down ----------------------------------------------------------------------------------------------

def test_with_rasa_down_nginx_answers_503_in_norwegian_and_the_widget_says_so(stack, browser):
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    page.goto(WIDGET)  # the page is loaded while Rasa runs
    stop(stack.rasa)
    browser_address = stack.client("127.0.0.1")  # wait until the limit of the test before has let go of the browser
    for _ in range(30):
        if browser_address.get(f"{BASE}/health", timeout=10).status_code != 429 and \
                browser_address.post(f"{WIDGET}session", json={}, timeout=10).status_code != 429:
            break
        time.sleep(1)
    web = stack.client("127.0.0.30")
    down = web.post(f"{WIDGET}session", json={}, timeout=15)
    assert down.status_code == 503 and UNAVAILABLE in down.json()["error"] and down.headers.get("Retry-After")
    assert web.get(f"{BASE}/health", timeout=15).status_code == 503
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator(".al-error").last).to_contain_text(UNAVAILABLE, timeout=15_000)
    context.close()
