"""Renders the messages a fake dispatcher collected the way Rasa would: a response by name from domain.yml
with its variables filled in, or the text sent as is (rasa-sdk only, no server)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def responses() -> dict:
    """The responses of domain.yml and the FAQ answers (utter_faq/…) in data/nlu/faq_*.yml."""
    found = dict(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"])
    for path in sorted((ROOT / "data" / "nlu").glob("faq_*.yml")):
        found.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return found


def rendered(message: dict) -> str:
    """The text the user sees; a placeholder without a variable stays as it is, as in Rasa."""
    name = message.get("response")
    if not name:
        return message.get("text") or ""
    template = responses()[name][0]["text"]
    return re.sub(r"\{([^\n{}]+?)\}",
                  lambda match: str(message[match.group(1)]) if match.group(1) in message else match.group(0),
                  template)
