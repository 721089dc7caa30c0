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

# Words that occur in nearly every question in this domain, and everyday words of asking; they say nothing
# about which unit answers, so they neither count for nor against a unit.
_GENERIC = frozenset(search_terms(
    "innovativ innovative innovativt anskaffelse anskaffelser anskaffing anskaffingar innkjøp innkjøpet kjøpe "
    "kjøp kommune kommunen kommunar vi oss dere spørsmål lurer gjøre gjør gjort gjer bruke bruker kan må bør skal "
    "lov hjelp greit ok offentlig offentlige regelverket regler reglene eigentleg egentlig liksom faktisk "
    "se ser ta få fått gi gir går gå gar fram frem gang kort forklar forklare forklaring betyr betyder "
    "innebærer god gode godt bra riktig rett beste måte korleis hvordan går an mulig mogleg "
    "dag i dag nå no nylig først neste forrige hele heile hel tatt sjef sjefen leder leiar møte møtet "
    "svar svare spør spurte lurte trenger treng vil ville veldig mye litt noen nokre noko noe "
    "tips råd eksempel ting sak saken greie greia prosjekt prosjektet jobb jobben arbeid"
))

# How much of the question a unit must cover, by how sure the ResponseSelector is of it: (confidence, coverage).
# A sure selector needs less lexical support; an unsure one needs the unit to cover nearly all of the question.
ACCEPT = ((0.80, 0.35), (0.45, 0.50), (0.25, 0.70))
# A runner-up replaces an uncovered first choice only when it covers the question almost fully.
RUNNER_UP = (0.15, 0.85)
# Without any selector ranking (a message NLU did not run the selector on), the search's best unit answers only
# when it covers the whole question and the question names at least this many informative words. With a ranking
# this path gave more wrong answers than right ones on tests/questions, so it is not used then.
SEARCH_ONLY = (1.0, 2)


def accepted(confidence: float, covered: float) -> bool:
    return any(confidence >= min_confidence and covered >= min_coverage for min_confidence, min_coverage in ACCEPT)


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
    """A vocabulary term equal to `term`, one typo away (words of five letters or more), or the longest known
    part of a compound («nabokommun» → «kommun», «velferdsteknologi» → «teknologi»)."""
    if term in vocabulary:
        return term
    if len(term) < 5:
        return None
    for known in vocabulary:
        if abs(len(known) - len(term)) <= 1 and known[:2] == term[:2] and _one_edit(term, known):
            return known
    parts = [known for known in vocabulary if len(known) >= 5 and len(term) - len(known) >= 3
             and (term.endswith(known) or term.startswith(known))]
    return max(parts, key=len) if parts else None


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
        if known in _GENERIC:
            continue
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


def _search_alone_answers(key: str, question: str) -> bool:
    full, min_terms = SEARCH_ONLY
    return coverage(key, question) >= full and len(informative_terms(question)) >= min_terms


def choose_answer(question: str, selector_ranking: list[tuple[str, float]]) -> AnswerChoice:
    """The unit that answers `question`, given the ResponseSelector's ranking [(key, confidence), …]."""
    ranked = [(key, conf) for key, conf in selector_ranking if key][:3]
    candidates = [Candidate(key, conf, coverage(key, question)) for key, conf in ranked]
    search_hits = [hit.key for hit in knowledge_index().search(question, limit=3)]
    nearest = list(dict.fromkeys([key for key, _ in ranked] + search_hits))
    chosen = None
    if candidates and accepted(candidates[0].selector_confidence, candidates[0].coverage):
        chosen = candidates[0].key
    else:
        runners_up = [c for c in candidates[1:] if c.selector_confidence >= RUNNER_UP[0] and c.coverage >= RUNNER_UP[1]]
        if runners_up:
            chosen = runners_up[0].key
        elif not ranked and search_hits and _search_alone_answers(search_hits[0], question):
            chosen = search_hits[0]
    if chosen:
        return AnswerChoice(chosen, [key for key in nearest if key != chosen], candidates)
    return AnswerChoice(None, nearest[:3], candidates)
