"""Fixtures: the real servers, started once per test session, and a fresh sender id per test."""

from __future__ import annotations

import uuid

import pytest
import requests

from servers import ACTIONS_URL, RASA_URL, Servers


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    for url in (RASA_URL, ACTIONS_URL):
        try:
            requests.get(url, timeout=1)
            pytest.fail(f"Something already listens on {url}; stop it (for example a running `make run`).")
        except requests.RequestException:
            pass
    running = Servers(tmp_path_factory.mktemp("servers"))
    try:
        running.start_actions()
        running.start_rasa()
        yield running
    finally:
        running.stop_all()


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"
