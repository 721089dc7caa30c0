"""The demo page in Debian's Chromium, driven by Playwright: the widget answers a typed «hei»."""

import pytest
from playwright.sync_api import expect, sync_playwright

from servers import RASA_URL

DEMO_PAGE = f"{RASA_URL}/webhooks/webchat/"
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
def page(browser, servers):
    context = browser.new_context()
    page = context.new_page()
    page.goto(DEMO_PAGE)
    yield page
    context.close()


def test_widget_opens_greets_and_answers_a_typed_message(page):
    page.get_by_role("button", name="Spør Anskaffelseslosen").click()
    log = page.get_by_role("log")
    expect(log).to_contain_text("Jeg er Anskaffelseslosen", timeout=30_000)
    page.get_by_label("Skriv spørsmålet ditt").fill("hei")
    page.keyboard.press("Enter")
    expect(log.locator(".al-user")).to_have_text("hei")
    expect(log.locator(".al-bot")).to_have_count(2, timeout=30_000)


def test_quick_reply_button_shows_its_topic(page):
    page.get_by_role("button", name="Spør Anskaffelseslosen").click()
    page.get_by_role("button", name="Er det lov å snakke med leverandører?").click()
    expect(page.get_by_role("log")).to_contain_text("Kilde:", timeout=30_000)


def test_markup_in_messages_never_executes(page):
    page.get_by_role("button", name="Spør Anskaffelseslosen").click()
    expect(page.get_by_role("log")).to_contain_text("Jeg er Anskaffelseslosen", timeout=30_000)
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    page.get_by_label("Skriv spørsmålet ditt").fill(attack)
    page.keyboard.press("Enter")
    expect(page.locator(".al-user").last).to_have_text(attack)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".al-log img, .al-log script").count() == 0
