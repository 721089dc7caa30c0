"""Norwegian word matching for the answer check and the knowledge search.

A question's words are matched against an answer unit's vocabulary (its title, answer and example questions)
after four steps, each from a library or from the content itself:
  1. spelling folding and nynorsk → bokmål folding (advisor/text.py), then the Snowball stem;
  2. compound splitting against the content's own vocabulary («funksjonskrav» → funksjon + krav), so a compound
     matches a unit that uses its parts;
  3. typo matching with rapidfuzz (Levenshtein distance against the content's vocabulary);
  4. weights: rare in our content (document frequency) and rare in Norwegian (wordfreq's `nb` list, which
     wordfreq also serves for `nn`) weigh most; everyday words weigh almost nothing. This replaces a hand-kept
     list of «generic» words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from advisor.text import STOP_WORDS, fold_nynorsk, fold_spelling, stem

_WORD = re.compile(r"[\wæøåÆØÅ§%-]+")
# Shortest compound part that counts («krav», «plan»); shorter parts split too many words by chance.
MIN_PART = 4
# Linking letters between compound parts in Norwegian («funksjon-s-krav», «behov-s-kartlegging»).
_LINKS = ("s", "e", "")


def words(text: str) -> list[str]:
    """The content words of a text, folded (spelling, nynorsk) and without stop words."""
    found = []
    for raw in _WORD.findall(text.lower()):
        word = fold_nynorsk(fold_spelling(raw).strip("-"))
        if word and word not in STOP_WORDS and not word.isdigit():
            found.append(word)
    return found


@lru_cache(maxsize=100_000)
def general_rarity(word: str) -> float:
    """0 for the most common Norwegian words, 1 for rare ones, from wordfreq's Zipf frequency (bokmål)."""
    zipf = zipf_frequency(word, "nb")
    return min(1.0, max(0.05, (6.0 - zipf) / 3.5))


@dataclass(frozen=True)
class Vocabulary:
    """Every word of the content, its stem, and the stems' document frequency over the units."""
    words: frozenset[str]
    stems: frozenset[str]
    idf: dict[str, float]
    max_idf: float
    stem_list: tuple[str, ...]


def build_vocabulary(unit_texts: dict[str, str]) -> Vocabulary:
    all_words: set[str] = set()
    frequency: Counter[str] = Counter()
    for text in unit_texts.values():
        unit_words = words(text)
        all_words.update(unit_words)
        frequency.update({stem(w) for w in unit_words})
    n = max(len(unit_texts), 1)
    idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
    return Vocabulary(frozenset(all_words), frozenset(frequency), idf, max(idf.values(), default=1.0),
                      tuple(sorted(frequency)))


def split_compound(word: str, known: frozenset[str]) -> tuple[str, ...]:
    """The word's parts when it is a compound of known words («funksjonskrav» → funksjon, krav); else ()."""
    if len(word) < 2 * MIN_PART:
        return ()
    best: tuple[str, ...] = ()
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if tail not in known and stem(tail) not in known:
            continue
        for link in _LINKS:
            if link and not head.endswith(link):
                continue
            first = head[:len(head) - len(link)] if link else head
            if len(first) >= MIN_PART and (first in known or stem(first) in known):
                return (first, tail)
        if not best and len(head) >= 2 * MIN_PART:
            inner = split_compound(head, known)
            if inner:
                best = (*inner, tail)
    return best


@dataclass(frozen=True)
class Term:
    """One informative word of a question: the stems that count as a match, and how much it weighs."""
    word: str
    forms: frozenset[str]  # the stem, or its typo-corrected stem: a match for the whole word
    parts: tuple[str, ...]  # stems of its compound parts: each matched part counts for its share
    weight: float
    known: bool  # the content has the word (or a typo of it, or all its compound parts)

    def matched(self, unit: frozenset[str]) -> float:
        if self.forms & unit:
            return 1.0
        if self.parts:
            return sum(part in unit for part in self.parts) / len(self.parts)
        return 0.0


class Matcher:
    def __init__(self, unit_texts: dict[str, str]) -> None:
        self.vocabulary = build_vocabulary(unit_texts)
        known = self.vocabulary.words | self.vocabulary.stems
        self.unit_terms: dict[str, frozenset[str]] = {}
        for key, text in unit_texts.items():
            terms: set[str] = set()
            for word in set(words(text)):
                terms.add(stem(word))
                terms.update(stem(part) for part in split_compound(word, known))
            self.unit_terms[key] = frozenset(terms)
        self._known = known
        # Typo candidates share the first letter (a typo there is rare): a search over 1/20 of the vocabulary.
        self._by_initial: dict[str, list[str]] = {}
        for term in self.vocabulary.stem_list:
            self._by_initial.setdefault(term[:1], []).append(term)

    @lru_cache(maxsize=50_000)  # noqa: B019 – one Matcher per process (advisor.search.matcher)
    def term(self, word: str) -> Term:
        vocab = self.vocabulary
        base = stem(word)
        forms = {base}
        known = base in vocab.stems
        parts = tuple(stem(part) for part in split_compound(word, self._known))
        if not known:
            if parts:
                known = True
            elif len(base) >= 5:
                limit = 1 if len(base) < 9 else 2
                close = process.extractOne(base, self._by_initial.get(base[:1], []), scorer=Levenshtein.distance,
                                           score_cutoff=limit)
                if close:
                    forms.add(close[0])
                    base = close[0]
                    known = True
        if base in vocab.idf:
            rarity = vocab.idf[base] / vocab.max_idf
        elif known:
            rarity = max(vocab.idf.get(form, 0.0) for form in (*forms, *parts)) / vocab.max_idf
        else:
            rarity = 1.0
        weight = rarity * general_rarity(word)
        return Term(word, frozenset(forms), parts, weight, known)

    def terms(self, question: str) -> list[Term]:
        return [self.term(word) for word in dict.fromkeys(words(question)) if len(word) >= 2]

    def coverage(self, key: str, terms: list[Term]) -> float:
        """Share of the question's weight that unit `key` covers (1.0 when the question has nothing to cover)."""
        total = sum(term.weight for term in terms)
        if total <= 0:
            return 1.0
        unit = self.unit_terms.get(key, frozenset())
        return sum(term.weight * term.matched(unit) for term in terms) / total

    def uncovered_weight(self, key: str, terms: list[Term]) -> float:
        unit = self.unit_terms.get(key, frozenset())
        return sum(term.weight * (1 - term.matched(unit)) for term in terms)

    def query_stems(self, terms: list[Term]) -> list[str]:
        """The stems to look up in the search index: every form of every term."""
        return list(dict.fromkeys(form for term in terms for form in (*sorted(term.forms), *term.parts)))
