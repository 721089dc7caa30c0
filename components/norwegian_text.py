"""Rasa-free helpers for Norwegian text: spelling folding and stemming.

Users type «leverandører», «leverandoerer» and «leverandorer» for the same word. Folding
maps all three to one form so that features (and the knowledge search) treat them alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

# Order matters: the two-letter ASCII spellings are folded before the single letters.
_FOLDS = (
    (re.compile(r"aa"), "a"),
    (re.compile(r"oe"), "o"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"å"), "a"),
    (re.compile(r"ø"), "o"),
    (re.compile(r"æ"), "e"),
    (re.compile(r"[éèê]"), "e"),
    (re.compile(r"[óòô]"), "o"),
)

_stemmer = snowballstemmer.stemmer("norwegian")


def fold_spelling(word: str) -> str:
    """Lower-case a word and map å/ø/æ and «aa/oe/ae» spellings to a single ASCII form."""
    folded = word.lower()
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball Norwegian stem of the folded word («leverandørene» → «leverandor»).

    Folding first makes «åpen», «aapen» and «apen» share one stem.
    """
    return _stemmer.stemWord(fold_spelling(word))
