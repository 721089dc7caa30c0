"""Which intents interrupt a form, read from the dialogue rules (data/rules/), so the list lives in one place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"


@lru_cache(maxsize=8)
def form_interrupting_intents(form: str, rules_dir: Path = RULES_DIR) -> frozenset[str]:
    """The intents of the rules that run while `form` is active: such a message is a question or a command for
    the rules to answer, not an answer to the form's question."""
    intents: set[str] = set()
    for path in sorted(rules_dir.glob("*.yml")):
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules") or []:
            conditions = rule.get("condition") or []
            if not any(item.get("active_loop") == form for item in conditions if isinstance(item, dict)):
                continue
            intents.update(step["intent"] for step in rule.get("steps") or [] if "intent" in step)
    return frozenset(intents)
