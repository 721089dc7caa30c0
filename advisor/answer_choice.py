"""Pick the answer unit for a question, and check that it really answers it before it is shown.

The ResponseSelector always finds a nearest unit, also for questions no unit covers («hva er risikoen …»
gets the unit on benefits). So a candidate is shown only when the question's informative words are covered by
the unit's own vocabulary (its title, answer and example questions). Otherwise the honest answer is that there
is no sure answer, with the nearest units as buttons and the human contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from advisor.search import KnowledgeIndex, knowledge_index
from advisor.text import search_terms

# Words that occur in nearly every question in this domain; they say nothing about which unit answers.
_GENERIC = frozenset(search_terms(
    "innovativ innovative innovativt anskaffelse anskaffelser anskaffing innkjøp innkjøpet kjøpe kjøp kommune "
    "kommunen kommunar vi oss dere spørsmål lurer gjøre gjør bruke kan må bør skal lov hjelp greit ok "
    "offentlig offentlige regelverket regler reglene eigentleg egentlig liksom"
))

# Confidence of the ResponseSelector above which its choice is shown if the coverage check passes.
MIN_SELECTOR_CONFIDENCE = 0.30
# Share (by rarity weight) of the question's informative words that the unit's vocabulary must cover.
MIN_COVERAGE = 0.70
# A unit found by the search alone (the selector did not rank it) must cover the question almost fully.
MIN_SEARCH_COVERAGE = 0.85


@dataclass(frozen=True)
class Candidate:
    key: str
    selector_confidence: float
    coverage: float


@dataclass(frozen=True)
class AnswerChoice:
    """`key` is the unit to show, or None for the honest «no sure answer»; `nearest` for the buttons."""
    key: str | None
    nearest: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


@lru_cache(maxsize=1)
def _vocabularies() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    index = knowledge_index()
    per_unit = {doc.key: frozenset(doc.terms) for doc in index.documents}
    return per_unit, frozenset(term for terms in per_unit.values() for term in terms)


def _close(term: str, vocabulary: frozenset[str]) -> str | None:
    """A vocabulary term equal to `term`, or one typo away for words of five letters or more."""
    if term in vocabulary:
        return term
    if len(term) < 5:
        return None
    for known in vocabulary:
        if abs(len(known) - len(term)) <= 1 and known[:2] == term[:2] and _one_edit(term, known):
            return known
    return None


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    i = next((i for i in range(len(a)) if a[i] != b[i]), len(a))
    return a[i:] == b[i + 1:]


def informative_terms(question: str, index: KnowledgeIndex | None = None) -> dict[str, float]:
    """The question's content terms with their weight: rare terms weigh more; unknown terms weigh most."""
    index = index or knowledge_index()
    _, vocabulary = _vocabularies()
    top = max(index.idf.values()) if index.idf else 1.0
    weights: dict[str, float] = {}
    for term in dict.fromkeys(search_terms(question)):
        if term in _GENERIC or len(term) < 2:
            continue
        known = _close(term, vocabulary)
        weights[known or term] = index.idf.get(known, top) if known else top
    return weights


def coverage(key: str, question: str) -> float:
    """Share of the question's informative weight that unit `key`'s vocabulary covers (1.0 when nothing to cover)."""
    per_unit, _ = _vocabularies()
    terms = informative_terms(question)
    total = sum(terms.values())
    if total == 0:
        return 1.0
    unit = per_unit.get(key, frozenset())
    return sum(weight for term, weight in terms.items() if term in unit) / total


def choose_answer(question: str, selector_ranking: list[tuple[str, float]]) -> AnswerChoice:
    """The unit that answers `question`, given the ResponseSelector's ranking [(key, confidence), …]."""
    ranked = [(key, conf) for key, conf in selector_ranking if key][:3]
    search_hits = [hit.key for hit in knowledge_index().search(question, limit=3)]
    candidates = [Candidate(key, conf, coverage(key, question)) for key, conf in ranked]
    nearest = list(dict.fromkeys([key for key, _ in ranked] + search_hits))
    top = candidates[0] if candidates else None
    if top and top.selector_confidence >= MIN_SELECTOR_CONFIDENCE and top.coverage >= MIN_COVERAGE:
        return AnswerChoice(top.key, [k for k in nearest if k != top.key], candidates)
    # The selector's runner-up, or the search's best, when it covers the question clearly better.
    for key in dict.fromkeys([key for key, _ in ranked[1:]] + search_hits[:1]):
        score = coverage(key, question)
        in_ranking = any(key == other for other, _ in ranked)
        if score >= (MIN_COVERAGE if in_ranking else MIN_SEARCH_COVERAGE) and (top is None or score > top.coverage):
            if in_ranking or key == search_hits[0]:
                return AnswerChoice(key, [k for k in nearest if k != key], candidates)
    return AnswerChoice(None, nearest[:3], candidates)
