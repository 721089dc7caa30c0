"""The chat widget in Debian's Chromium, driven by Playwright against the real servers."""

import json
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from advisor.checklist import load_checklist
from servers import RASA_URL
from tests.widget_steps import GREETING, LAUNCHER, open_widget, send

DEMO_PAGE = f"{RASA_URL}/webhooks/webchat/"
DOCS = Path(__file__).resolve().parents[2] / "docs"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, servers):
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.goto(DEMO_PAGE)
    return page


def test_widget_opens_greets_and_answers_a_typed_question(page):
    open_widget(page)
    send(page, "er det lov å snakke med leverandører før konkurransen?")
    expect(page.locator(".al-user").last).to_have_text("er det lov å snakke med leverandører før konkurransen?")
    expect(page.get_by_role("log")).to_contain_text("Kilde:", timeout=30_000)
    links = page.locator(".al-bot a")
    expect(links.first).to_have_attribute("target", "_blank")
    assert "noopener" in links.first.get_attribute("rel")
    page.screenshot(path=str(DOCS / "widget-desktop.png"))


def test_quick_reply_button_shows_its_topic(page):
    open_widget(page)
    page.get_by_role("button", name="Er det lov å snakke med leverandører?").click()
    expect(page.get_by_role("log")).to_contain_text("Kilde:", timeout=30_000)


def test_checklist_to_summary_and_download_of_the_note(page):
    open_widget(page)
    send(page, "start sjekklisten")
    for number in range(1, len(load_checklist().questions) + 1):
        expect(page.get_by_role("log")).to_contain_text(f"Spørsmål {number} av", timeout=30_000)
        page.locator(".al-buttons").last.get_by_role("button", name="Ja" if number % 3 else "Nei").click()
    expect(page.get_by_role("log")).to_contain_text("Oppsummering", timeout=30_000)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Last ned notat").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".md")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert "Kan anskaffelsen gjøres innovativ?" in content and "**Nei**" in content


def test_history_survives_a_reload_and_restart_clears_it(page):
    open_widget(page)
    send(page, "hva er fem hvorfor?")
    expect(page.get_by_role("log")).to_contain_text("Kilde:", timeout=30_000)
    page.reload()
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator(".al-user")).to_have_text("hva er fem hvorfor?")
    page.get_by_role("button", name="Start på nytt").click()
    expect(page.locator(".al-user")).to_have_count(0)
    expect(page.get_by_role("log")).to_contain_text(GREETING, timeout=30_000)


XSS = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>", "[x](javascript:window.__xss=3)"]


def test_markup_typed_by_the_user_never_executes(page):
    open_widget(page)
    for number, attack in enumerate(XSS, start=1):
        send(page, attack)
        expect(page.locator(".al-user")).to_have_count(number)
        expect(page.locator(".al-user").last).to_have_text(attack)
        expect(page.locator(".al-typing")).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".al-log img, .al-log script").count() == 0


def test_hostile_bot_text_is_rendered_safely(page):
    hostile = {
        "messages": [
            {"text": '**fet** <img src=x onerror="window.__xss=4"> <script>window.__xss=5</script>\n'
                     "- punkt med javascript:window.__xss=6\nhttps://anskaffelser.no/side"},
        ]
    }
    page.route("**/webhooks/webchat/message", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(hostile)))
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator(".al-bot strong").first).to_have_text("fet")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".al-log img, .al-log script").count() == 0
    hrefs = [a.get_attribute("href") for a in page.locator(".al-bot a").all()]
    assert hrefs == ["https://anskaffelser.no/side"]


def test_keyboard_only_use(page):
    launcher = page.get_by_role("button", name=LAUNCHER)
    for _ in range(5):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if launcher.evaluate("element => element === document.activeElement"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_be_focused()
    expect(page.get_by_role("log")).to_contain_text(GREETING, timeout=30_000)
    page.keyboard.type("takk")
    page.keyboard.press("Enter")
    expect(page.locator(".al-user").last).to_have_text("takk")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("button", name=LAUNCHER)).to_be_focused()


def test_mobile_width_and_accessibility(browser, servers):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(DEMO_PAGE)
    open_widget(page)
    box = page.get_by_role("dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.screenshot(path=str(DOCS / "widget-mobile.png"))
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]
    context.close()


def test_usable_at_200_percent_zoom(browser, servers):
    # A 1280 px wide window at 200 % zoom lays out as a 640 CSS px viewport with 2 device pixels per px.
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(DEMO_PAGE)
    open_widget(page)
    box = page.get_by_role("dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640 and box["y"] >= 0
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_be_in_viewport()
    send(page, "hva er fem hvorfor")
    expect(page.get_by_role("log")).to_contain_text("Kilde:", timeout=30_000)
    overflow = page.evaluate(
        "() => { const p = document.getElementById('al-panel'); return p.scrollWidth - p.clientWidth; }"
    )
    assert overflow <= 1, f"the panel scrolls sideways by {overflow} px"
    context.close()


def test_server_down_shows_a_norwegian_error_and_keeps_the_text(page, servers):
    open_widget(page)
    servers.stop_rasa()
    try:
        send(page, "hva er konkurransepreget dialog?")
        expect(page.locator(".al-error").last).to_contain_text("Får ikke kontakt", timeout=15_000)
        expect(page.get_by_label("Skriv spørsmålet ditt")).to_have_value("hva er konkurransepreget dialog?")
    finally:
        servers.start_rasa()
    page.keyboard.press("Enter")  # sending again retries
    expect(page.get_by_role("log")).to_contain_text("Kilde:", timeout=30_000)


def test_feedback_on_an_answer_with_keyboard_and_a_masked_comment(page, servers):
    open_widget(page)
    expect(page.locator(".al-feedback")).to_have_count(0)  # a greeting is not rated
    send(page, "hva er fem hvorfor?")
    prompt = page.get_by_role("group", name="Tilbakemelding på svaret")
    expect(prompt).to_contain_text("Var dette nyttig?", timeout=30_000)
    expect(prompt.get_by_role("button", name="Ja, nyttig")).to_be_visible()
    send(page, "hva er konkurransepreget dialog?")  # a new question replaces the unanswered prompt
    expect(page.locator(".al-typing")).to_have_count(0, timeout=30_000)
    expect(page.get_by_role("group", name="Tilbakemelding på svaret")).to_have_count(1)

    not_useful = page.get_by_role("button", name="Nei, ikke nyttig")
    not_useful.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("Takk for at du sier fra", timeout=30_000)
    comment = page.get_by_label("Hva manglet i svaret?")
    expect(comment).to_be_focused()
    serious = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]
    page.keyboard.type('<img src=x onerror="window.__xss=7"> mangler eksempel, skriv til kari@example.com')
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # «Send kommentar»
    expect(page.get_by_role("log")).to_contain_text("Takk for kommentaren", timeout=30_000)
    assert page.evaluate("window.__xss") is None and page.locator(".al-log img").count() == 0
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_be_focused()

    with sqlite3.connect(servers.tracker_db) as db:
        stored = [json.loads(row[0]) for row in db.execute("select data from events where type_name = 'user'")]
    ratings = [e["parse_data"]["entities"] for e in stored if e["parse_data"]["intent"]["name"] == "feedback"]
    comments = [x["value"] for entities in ratings for x in entities if x["entity"] == "comment"]
    assert any("mangler eksempel, skriv til [e-post fjernet]" in c for c in comments)
    assert not any("kari@example.com" in json.dumps(e) for e in stored)
