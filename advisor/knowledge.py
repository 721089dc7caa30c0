"""Reads the content files in knowledge/ (YAML edited by the content owner)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


def knowledge_dir() -> Path:
    """The content folder; ANSKAFFELSESLOSEN_KNOWLEDGE_DIR overrides it (tests, deployments)."""
    return Path(os.environ.get("ANSKAFFELSESLOSEN_KNOWLEDGE_DIR", DEFAULT_KNOWLEDGE_DIR))


@lru_cache(maxsize=32)
def _load(path: Path, modified_ns: int) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_yaml(name: str) -> Any:
    """Parsed content of knowledge/<name>, cached per file path and re-read when the file changes, so an edit
    by the content owner takes effect on the next answer without a restart."""
    path = knowledge_dir() / name
    return _load(path, path.stat().st_mtime_ns)


def load_merged(name: str, folder: str, key: str) -> dict[str, Any]:
    """The mapping under `key` in knowledge/<name>, merged with the same key in every knowledge/<folder>/*.yml.

    Content areas keep their own files (one per area), so editors of different areas never touch the same file.
    A key defined twice is an error: the second definition would silently replace the first."""
    merged = dict(load_yaml(name)[key])
    extra_dir = knowledge_dir() / folder
    for path in sorted(extra_dir.glob("*.yml")) if extra_dir.is_dir() else []:
        items = (load_yaml(f"{folder}/{path.name}") or {}).get(key) or {}
        twice = sorted(set(items) & set(merged))
        if twice:
            raise ValueError(f"knowledge/{folder}/{path.name}: {', '.join(twice)} finnes allerede")
        merged.update(items)
    return merged
