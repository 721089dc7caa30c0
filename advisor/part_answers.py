"""Answer units whose content differs by part of the regulation: their per-part versions.

knowledge/part_answers/*.yml holds, per unit key, one text per part (unntatt, del_I, del_II, del_III, del_IV).
A unit listed there is «part-dependent»: when the conversation's case decides the part, that part's text is shown
after one line naming the case; otherwise the unit's general answer (which covers both sides) is shown.
"""

from __future__ import annotations

from datetime import date

from advisor import facts
from advisor.knowledge import knowledge_dir, load_yaml
from advisor.thresholds import EXEMPT, PART_I, PART_II, PART_III, PART_IV
from advisor.topics import all_topics

FOLDER = "part_answers"
PARTS = (EXEMPT, PART_I, PART_II, PART_III, PART_IV)


def all_part_answers() -> dict[str, dict[str, str]]:
    """{unit key: {part: text}} from every file in knowledge/part_answers/."""
    folder = knowledge_dir() / FOLDER
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        units = (load_yaml(f"{FOLDER}/{path.name}") or {}).get("units") or {}
        for key, versions in units.items():
            unknown = set(versions) - set(PARTS)
            if unknown or key in merged:
                raise ValueError(f"knowledge/{FOLDER}/{path.name}: {key}: ukjent del {sorted(unknown)} eller dobbel")
            merged[key] = dict(versions)
    return merged


def is_part_dependent(key: str | None) -> bool:
    return bool(key) and key in all_part_answers()


def part_text(key: str, part: str | None) -> str | None:
    """The raw text of unit `key` for `part`, or None when the unit has no version for it."""
    return all_part_answers().get(key, {}).get(part or "")


def render_part_answer(key: str, part: str, day: date) -> str | None:
    """The version of unit `key` for `part` as the user sees it on `day` (facts and source filled in)."""
    text = part_text(key, part)
    if text is None:
        return None
    used = facts.placeholders(text)
    topic = all_topics()[key]
    lines = facts.reservations(used, day)
    lines.append(facts.source_line(used, sources=topic.sources, checked=topic.checked, day=day))
    return facts.fill(text, day, extra={"kilde": "\n".join(lines)})
