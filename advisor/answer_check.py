"""The learned answer check: the probability that an answer unit answers a question.

For each (question, candidate unit) the check computes a few features – how sure the ResponseSelector and
the intent classifier are, the BM25 score and rank, how much of the question's weight the unit's vocabulary
covers after folding, stemming, compound splitting and typo matching (advisor/word_matching.py), how close the
question is to the unit's own example questions, what a second reader (advisor/text_classifier.py) scores it –
and a logistic regression with Platt calibration turns them into a probability. The weights and the operating
threshold are fitted by scripts/fit_answer_check.py on the
tuning part of tests/questions/*.yml (see `split_of`) and the training examples, and shipped in
advisor/answer_check_model.json, which `make train` rebuilds. The file is read once per process.

The locked part of tests/questions is never used for fitting or for choosing the threshold; it reports the
result (scripts/evaluate_answers.py).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
from rapidfuzz import fuzz, process

from advisor.everyday_words import with_domain_words
from advisor.search import KnowledgeIndex, knowledge_index
from advisor.text_classifier import NO_UNIT, unit_scores
from advisor.word_matching import Term, words

MODEL_PATH = Path(__file__).resolve().parent / "answer_check_model.json"
TUNING, LOCKED = "tuning", "locked"
# Share of the questions in the locked part: a question is locked when its hash falls below this.
LOCKED_SHARE = 0.40

FEATURES = (
    "selector_confidence", "selector_top_confidence", "selector_margin", "selector_is_top", "in_ranking",
    "bm25_relative", "bm25_log", "bm25_is_top", "coverage", "uncovered_weight", "unknown_share",
    "term_count", "title_coverage", "example_similarity", "intent_confidence", "intent_is_faq",
    "intent_is_fallback", "confidence_x_coverage", "selector_rank_inverse", "bm25_rank_inverse",
    "example_overlap", "example_bm25_relative", "example_bm25_is_top", "similarity_margin", "agreement",
    "text_score", "text_margin", "text_is_top", "text_no_unit", "text_best",
)
# How many of the selector's units are candidates, and how many of the search's best units join them.
RANKING_DEPTH = 3
SEARCH_DEPTH = 2


def normalised(text: str | list[str]) -> str:
    """The question's text as the split sees it: turns joined, lower case, single spaces."""
    joined = " → ".join(text) if isinstance(text, list) else text
    return re.sub(r"\s+", " ", joined.strip().lower())


def split_of(text: str | list[str]) -> str:
    """«tuning» or «locked» for an evaluation question (or a conversation's turns), fixed by a hash of its
    normalised text. Everything that tunes or reports uses this one rule; new questions fall in by it too."""
    digest = hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()
    return LOCKED if int(digest[:8], 16) / 16 ** 8 < LOCKED_SHARE else TUNING


@dataclass(frozen=True)
class Question:
    """What the check knows about one question, computed once for all its candidates."""
    text: str
    terms: list[Term]
    stems: str
    bm25: dict[str, float]
    bm25_top: str | None
    bm25_best: tuple[str, ...]
    example_scores: dict[str, float]  # per unit, the BM25 score of its example question nearest to this one
    ranking: list[tuple[str, float]]
    intent: str | None
    intent_confidence: float | None
    leave_out: bool = False  # the question is itself a training example: its own copy does not count
    # per class, the decision value of the second reader (advisor/text_classifier.py), incl. the no-unit classes
    text_scores: dict[str, float] = field(default_factory=dict)

    @property
    def text_top(self) -> str | None:
        units = {key: value for key, value in self.text_scores.items() if key not in NO_UNIT}
        return max(units, key=units.get) if units else None


@lru_cache(maxsize=1)
def _examples() -> dict[str, tuple[str, ...]]:
    """Each unit's title and example questions, as sorted stem strings (for the similarity feature)."""
    from advisor.faq_content import faq_content
    from advisor.text import stem
    from advisor.topics import all_topics

    topics = all_topics()
    content = faq_content()
    result = {}
    for key in content.answers:
        texts = [topics[key].title] if key in topics else []
        texts += content.examples.get(key, [])
        result[key] = tuple(" ".join(stem(w) for w in words(with_domain_words(text))) for text in texts)
    return result


@lru_cache(maxsize=1)
def _titles() -> dict[str, frozenset[str]]:
    from advisor.text import stem
    from advisor.topics import all_topics
    return {key: frozenset(stem(w) for w in words(topic.title)) for key, topic in all_topics().items()}


def describe(question: str, ranking: list[tuple[str, float]], intent: str | None = None,
             intent_confidence: float | None = None, index: KnowledgeIndex | None = None,
             leave_out: bool = False, text_scores: dict[str, float] | None = None) -> Question:
    """What the check needs about a question. `leave_out` (fitting only): the question is a training example,
    so its own entry among the examples is ignored, and `text_scores` come from a classifier fitted without it."""
    from advisor.text import stem
    index = index or knowledge_index()
    # the word readers see the terms of the trade for everyday phrases («lyse ut» → kunngjøre) appended
    matched = with_domain_words(question)
    terms = index.matcher.terms(matched)
    scores = index.scores(terms)
    bm25 = {index.keys[i]: float(scores[i]) for i in np.flatnonzero(scores > 0)}
    best = tuple(sorted(bm25, key=lambda key: -bm25[key])[:SEARCH_DEPTH])
    top = best[0] if best else None
    stems = " ".join(stem(w) for w in words(matched))
    ranked = [(key, conf) for key, conf in ranking if key][:RANKING_DEPTH]
    return Question(question, terms, stems, bm25, top, best, _example_scores(terms, index, leave_out), ranked,
                    intent, intent_confidence, leave_out,
                    unit_scores(question) if text_scores is None else text_scores)


@lru_cache(maxsize=1)
def _example_index() -> tuple[bm25s.BM25 | None, tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """BM25 over the single example questions (and titles), each labelled with its unit."""
    from advisor.faq_content import faq_content
    from advisor.topics import all_topics

    index = knowledge_index()
    topics = all_topics()
    owners, corpus = [], []
    for key, texts in faq_content().examples.items():
        for text in ([topics[key].title] if key in topics else []) + list(texts):
            tokens = index.matcher.query_stems(index.matcher.terms(with_domain_words(text)))
            if tokens:
                owners.append(key)
                corpus.append(tokens)
    if not corpus:
        return None, (), ()
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return retriever, tuple(owners), tuple(tuple(tokens) for tokens in corpus)


def _example_scores(terms: list[Term], index: KnowledgeIndex, leave_out: bool = False) -> dict[str, float]:
    retriever, owners, corpus = _example_index()
    if retriever is None:
        return {}
    query = index.matcher.query_stems(terms)
    stems = [s for s in query if s in retriever.vocab_dict]
    if not stems:
        return {}
    scores = np.asarray(retriever.get_scores(stems))
    best: dict[str, float] = {}
    for i in np.flatnonzero(scores > 0):
        if leave_out and corpus[i] == tuple(query):
            continue
        best[owners[i]] = max(best.get(owners[i], 0.0), float(scores[i]))
    return best


def candidates(q: Question) -> list[str]:
    example_top = [max(q.example_scores, key=q.example_scores.get)] if q.example_scores else []
    text_top = [q.text_top] if q.text_top else []
    return list(dict.fromkeys([key for key, _ in q.ranking] + list(q.bm25_best) + example_top + text_top))


def rows(q: Question, index: KnowledgeIndex | None = None) -> tuple[list[str], list[list[float]]]:
    """The candidates and their feature rows; some features compare a candidate with the others."""
    keys = candidates(q)
    matrix = [features(q, key, index) for key in keys]
    similarity = FEATURES.index("example_similarity")
    for row in matrix:
        others = [other[similarity] for other in matrix if other is not row]
        row[FEATURES.index("similarity_margin")] = row[similarity] - max(others, default=0.0)
    return keys, matrix


def features(q: Question, key: str, index: KnowledgeIndex | None = None) -> list[float]:
    index = index or knowledge_index()
    confidences = dict(q.ranking)
    confidence = confidences.get(key, 0.0)
    others = [conf for other, conf in q.ranking if other != key]
    top_confidence = q.ranking[0][1] if q.ranking else 0.0
    best_bm25 = max(q.bm25.values(), default=0.0)
    score = q.bm25.get(key, 0.0)
    total = sum(term.weight for term in q.terms)
    unknown = sum(term.weight for term in q.terms if not term.known)
    coverage = index.matcher.coverage(key, q.terms)
    title = _titles().get(key, frozenset())
    question_forms = {form for term in q.terms for form in (*term.forms, *term.parts)}
    examples = _examples().get(key, ())
    if q.leave_out:
        examples = tuple(example for example in examples if example != q.stems)
    similarity = process.extractOne(q.stems, examples, scorer=fuzz.token_sort_ratio) if examples and q.stems \
        else None
    overlap = process.extractOne(q.stems, examples, scorer=fuzz.token_set_ratio) if examples and q.stems else None
    ranked_keys = [other for other, _ in q.ranking]
    bm25_order = sorted(q.bm25, key=lambda other: -q.bm25[other])
    best_example = max(q.example_scores.values(), default=0.0)
    # Without an intent (a caller that does not pass it), the check assumes a sure FAQ question.
    intent_confidence = 1.0 if q.intent_confidence is None else q.intent_confidence
    intent = q.intent or "faq"
    text_score = q.text_scores.get(key, -2.0)
    text_best = max(q.text_scores.values(), default=0.0)
    text_no_unit = max(q.text_scores.get(label, -2.0) for label in NO_UNIT)  # out of scope, or not covered
    text_others = max((value for other, value in q.text_scores.items() if other != key), default=-2.0)
    return [
        confidence, top_confidence, confidence - max(others, default=0.0),
        float(bool(q.ranking) and q.ranking[0][0] == key), float(key in confidences),
        score / best_bm25 if best_bm25 > 0 else 0.0, math.log1p(score), float(key == q.bm25_top),
        coverage, index.matcher.uncovered_weight(key, q.terms), unknown / total if total > 0 else 0.0,
        math.log1p(len(q.terms)), len(title & question_forms) / len(title) if title else 0.0,
        (similarity[1] / 100.0) if similarity else 0.0, intent_confidence, float(intent == "faq"),
        float(intent == "nlu_fallback"), confidence * coverage,
        1.0 / (1 + ranked_keys.index(key)) if key in ranked_keys else 0.0,
        1.0 / (1 + bm25_order.index(key)) if key in q.bm25 else 0.0,
        (overlap[1] / 100.0) if overlap else 0.0,
        q.example_scores.get(key, 0.0) / best_example if best_example > 0 else 0.0,
        float(best_example > 0 and q.example_scores.get(key, 0.0) == best_example),
        0.0,  # similarity_margin, filled in by rows()
        # how many of the four rankings (selector, unit BM25, example BM25, text classifier) put this unit first
        float(bool(q.ranking) and q.ranking[0][0] == key) + float(key == q.bm25_top)
        + float(best_example > 0 and q.example_scores.get(key, 0.0) == best_example) + float(key == q.text_top),
        text_score, text_score - text_others, float(key == q.text_top), text_no_unit, text_best,
    ]


# Standardised feature values are clipped: a value far outside what the fit saw (an intent confidence of 0.6
# where nearly every fitted question had 1.0) must not decide alone.
CLIP = 3.0


def standardise(rows: list[list[float]] | np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.clip((np.asarray(rows, dtype=float) - mean) / scale, -CLIP, CLIP)


@dataclass(frozen=True)
class FittedCheck:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    platt_a: float
    platt_b: float
    threshold: float

    def probability(self, rows: list[list[float]]) -> np.ndarray:
        x = standardise(rows, self.mean, self.scale)
        decision = x @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-(self.platt_a * decision + self.platt_b)))

    @classmethod
    def from_json(cls, data: dict) -> FittedCheck:
        if list(data["features"]) != list(FEATURES):
            raise ValueError("answer_check_model.json was fitted on other features: run scripts/fit_answer_check.py")
        return cls(np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]),
                   float(data["intercept"]), float(data["platt_a"]), float(data["platt_b"]),
                   float(data["threshold"]))


@lru_cache(maxsize=1)
def fitted_check(path: Path = MODEL_PATH) -> FittedCheck:
    """The fitted weights, read once per process."""
    return FittedCheck.from_json(json.loads(path.read_text(encoding="utf-8")))


def scored_candidates(q: Question, check: FittedCheck | None = None) -> list[tuple[str, float]]:
    """[(unit, probability that it answers the question)], most probable first."""
    keys, matrix = rows(q)
    if not keys:
        return []
    check = check or fitted_check()
    probabilities = check.probability(matrix)
    return sorted(zip(keys, map(float, probabilities), strict=True), key=lambda pair: -pair[1])
