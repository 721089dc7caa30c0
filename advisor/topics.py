"""The FAQ topic catalogue (knowledge/faq_topics.yml): titles, groups and legal flags."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from advisor.knowledge import load_merged


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    group: str
    legal: bool
    sources: str = ""
    checked: str | None = None  # «YYYY-MM»: when the answer's own sources were last read

    @property
    def payload(self) -> str:
        """Button payload that shows this topic's answer without going through NLU."""
        return "/show_topic" + json.dumps({"topic": self.key}, ensure_ascii=False)


def all_topics() -> dict[str, Topic]:
    raw = load_merged("faq_topics.yml", "topics", "topics")
    return {
        key: Topic(key=key, title=item["title"], group=item["group"], legal=bool(item["legal"]),
                   sources=item.get("sources", ""), checked=item.get("checked"))
        for key, item in raw.items()
    }


def topic_key_from_response_key(response_key: Any) -> str | None:
    """«faq/lov_dialog_lovlig» or «utter_faq/lov_dialog_lovlig» → «lov_dialog_lovlig»; None for anything else."""
    if isinstance(response_key, str) and "/" in response_key:
        return response_key.split("/", 1)[1] or None
    return None


def nearest_topics(ranked_keys: Iterable[str], limit: int = 3) -> list[Topic]:
    """The first `limit` known topics among ranked topic keys, without repeats."""
    topics = all_topics()
    chosen: list[Topic] = []
    for key in ranked_keys:
        topic = topics.get(key)
        if topic and topic not in chosen:
            chosen.append(topic)
        if len(chosen) == limit:
            break
    return chosen
