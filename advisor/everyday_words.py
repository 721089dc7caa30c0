"""Everyday words for procurement terms: «lyse ut» for «kunngjøre», «påfallende billig» for «unormalt lavt tilbud».

Staff often write the everyday word where an answer unit uses the term of the trade, and no stemmer, compound
splitter or typo matcher links the two. knowledge/everyday_words/*.yml lists, per term, the phrases that mean it;
the answer check's word readers (advisor/answer_check.py) see a question with the terms of every phrase it contains
appended. No Norwegian thesaurus ships with a package we can install offline, so the list is content we keep.
The Rasa model and the second reader (advisor/text_classifier.py) still read the question as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from advisor.knowledge import knowledge_dir
from advisor.text import fold_spelling


def _folder() -> Path:
    return knowledge_dir() / "everyday_words"


def _phrase(said: str) -> str:
    """«lys* ut» → the folded words in a row, `*` standing for any ending of a word."""
    return r"\s+".join(re.escape(fold_spelling(word.rstrip("*"))) + (r"\w*" if word.endswith("*") else "")
                       for word in said.split())


@lru_cache(maxsize=2)
def _entries(_signature: tuple) -> tuple[tuple[re.Pattern, str], ...]:
    """(one pattern for all phrases of an entry, the terms they stand for); read again when a file changes."""
    entries = []
    for path in sorted(_folder().glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            phrases = "|".join(_phrase(said) for said in entry["said"] if said.strip())
            entries.append((re.compile(rf"(?<!\w)(?:{phrases})(?!\w)"), " ".join(entry["domain"])))
    return tuple(entries)


def _signature() -> tuple:
    return tuple((path.name, path.stat().st_mtime_ns) for path in sorted(_folder().glob("*.yml")))


def with_domain_words(text: str) -> str:
    """`text`, followed by the terms of the trade for the everyday phrases in it (each term once)."""
    return _expanded(text, _signature())


@lru_cache(maxsize=20_000)
def _expanded(text: str, signature: tuple) -> str:
    folded = fold_spelling(text)
    added: list[str] = []
    for pattern, terms in _entries(signature):
        if terms not in added and pattern.search(folded):
            added.append(terms)
    return f"{text} {' '.join(added)}" if added else text
