"""What a user does in the chat widget, shared by the browser test (tests/integration) and the deployed-shape test
(tests/deploy): open it, wait for the greeting, type a question."""

from __future__ import annotations

from playwright.sync_api import expect

LAUNCHER = "Spør Anskaffelseslosen"
GREETING = "Jeg er Anskaffelseslosen"


def open_widget(page) -> None:
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.get_by_role("log")).to_contain_text(GREETING, timeout=30_000)


def send(page, text: str) -> None:
    page.get_by_label("Skriv spørsmålet ditt").fill(text)
    page.keyboard.press("Enter")
