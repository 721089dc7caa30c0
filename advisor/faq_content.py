"""The FAQ answer units: their texts and training questions (data/nlu/faq_*.yml) and how an answer is filled in.

A unit's examples are its Rasa training examples plus the staff phrasings in knowledge/phrasings/*.yml (same
format). The phrasings train only the answer check's readers (text classifier, example search), not Rasa: they
raised the right answers as much there as in Rasa, and Rasa's training time grows with every example
(docs/benchmarks.md, «round 3»).

An answer text names legal facts as placeholders («{nedre_grense}») and ends with «{kilde}». Rasa fills them
from the variables the answering action passes (`answer_variables`); `render_answer` gives the same text in
Python (search, tests, reports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from advisor import facts
from advisor.topics import all_topics

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "nlu"
PHRASINGS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "phrasings"
RESPONSE_PREFIX = "utter_faq/"


@dataclass(frozen=True)
class FaqContent:
    answers: dict[str, str]
    examples: dict[str, list[str]]


def _files(data_dir: Path, phrasings_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("faq_*.yml")) + sorted(phrasings_dir.glob("*.yml"))


def _signature(data_dir: Path, phrasings_dir: Path) -> tuple:
    return tuple((str(path), path.stat().st_mtime_ns) for path in _files(data_dir, phrasings_dir))


@lru_cache(maxsize=4)
def _load(data_dir: Path, phrasings_dir: Path, signature: tuple) -> FaqContent:
    answers: dict[str, str] = {}
    examples: dict[str, list[str]] = {}
    for path in _files(data_dir, phrasings_dir):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in content.get("nlu") or []:
            key = block["intent"].split("/", 1)[-1]
            lines = [re.sub(r"^\s*-\s*", "", line) for line in block["examples"].splitlines() if line.strip()]
            examples.setdefault(key, []).extend(lines)
        for name, variants in (content.get("responses") or {}).items():
            if name.startswith(RESPONSE_PREFIX):
                answers[name[len(RESPONSE_PREFIX):]] = variants[0]["text"]
    return FaqContent(answers, examples)


def faq_content(data_dir: Path = DATA_DIR, phrasings_dir: Path = PHRASINGS_DIR) -> FaqContent:
    """Answer texts and examples (training examples and staff phrasings) per topic key; re-read when a file
    changes."""
    return _load(data_dir, phrasings_dir, _signature(data_dir, phrasings_dir))


def answer_variables(key: str, day: date | None = None) -> dict[str, str]:
    """Values for the placeholders of topic `key`'s answer: the facts valid on `day` and the «{kilde}» block
    (warnings for facts past their review date, then «Kilde: … (kontrollert …).»)."""
    day = day or facts.today()
    topic = all_topics()[key]
    used = facts.placeholders(faq_content().answers.get(key, ""))
    values = facts.values_for(used, day)
    lines = facts.reservations(used, day)
    lines.append(facts.source_line(used, sources=topic.sources, checked=topic.checked, day=day))
    values["kilde"] = "\n".join(lines)
    return values


def render_answer(key: str, day: date | None = None) -> str:
    """The answer as the user sees it on `day`."""
    text = faq_content().answers[key]
    return facts.fill(text, day, extra={"kilde": answer_variables(key, day)["kilde"]})
