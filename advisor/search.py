"""Knowledge search for the low-confidence fallback and the answer check: BM25 (the `bm25s` package) over the
FAQ units.

Each unit is one document: its title (twice), its answer and its training questions (which are the best
description of how people ask for it). Words are matched as advisor/word_matching.py folds, stems and splits
them, so «funksjonskrav», «funksjonskrva» and «funksjons-krav» find the same unit. The answer is what the user
gets back, with its «Kilde:» line, so a search hit is always a sourced, reviewed text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np

from advisor.faq_content import faq_content, render_answer
from advisor.text import stem
from advisor.topics import all_topics
from advisor.word_matching import Matcher, Term, words


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    answer: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    key: str
    title: str
    answer: str
    score: float
    coverage: float


def source_line(answer: str) -> str | None:
    """The «Kilde: …» line of an answer, if it has one."""
    for line in reversed(answer.strip().splitlines()):
        if line.strip().startswith("Kilde:"):
            return line.strip()
    return None


def unit_texts() -> dict[str, tuple[str, str, str]]:
    """key → (title, answer as shown, the whole text that describes the unit) for every unit with an answer."""
    topics = all_topics()
    content = faq_content()
    texts = {}
    for key in content.answers:
        title = topics[key].title if key in topics else key
        try:
            answer = render_answer(key) if key in topics else content.answers[key]
        except (KeyError, ValueError):  # a fact being edited: match on the text with its placeholders
            answer = re.sub(r"\{\w+\}", " ", content.answers[key])
        texts[key] = (title, answer, " ".join([title, title, answer, *content.examples.get(key, [])]))
    return texts


def load_documents() -> list[Document]:
    return [Document(key, title, answer, tuple(stem(word) for word in words(text)))
            for key, (title, answer, text) in unit_texts().items()]


class KnowledgeIndex:
    """BM25 (bm25s, k1=1.2, b=0.75) over the units, with the word matcher that folds queries the same way."""

    def __init__(self, documents: list[Document], matcher: Matcher | None = None,
                 k1: float = 1.2, b: float = 0.75) -> None:
        self.documents = documents
        self.keys = [doc.key for doc in documents]
        self.position = {key: i for i, key in enumerate(self.keys)}
        self.matcher = matcher or Matcher({doc.key: " ".join(doc.terms) for doc in documents})
        # Each document also holds the parts of its compounds, as the matcher sees them.
        corpus = [list(doc.terms) + sorted(self.matcher.unit_terms.get(doc.key, frozenset()) - set(doc.terms))
                  for doc in documents]
        self.bm25 = bm25s.BM25(k1=k1, b=b)
        self.bm25.index(corpus, show_progress=False)
        self.idf = self.matcher.vocabulary.idf

    def scores(self, terms: list[Term]) -> np.ndarray:
        """BM25 score of every document (in self.keys order) for the question's terms."""
        stems = [s for s in self.matcher.query_stems(terms) if s in self.bm25.vocab_dict]
        if not stems:
            return np.zeros(len(self.documents))
        return np.asarray(self.bm25.get_scores(stems))

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        terms = self.matcher.terms(query)
        scores = self.scores(terms)
        order = [i for i in np.argsort(-scores, kind="stable")[:limit] if scores[i] > 0]
        return [Hit(self.documents[i].key, self.documents[i].title, self.documents[i].answer, float(scores[i]),
                    self.matcher.coverage(self.documents[i].key, terms)) for i in order]


@lru_cache(maxsize=1)
def knowledge_index() -> KnowledgeIndex:
    texts = unit_texts()
    matcher = Matcher({key: text for key, (_, _, text) in texts.items()})
    documents = [Document(key, title, answer, tuple(stem(word) for word in words(text)))
                 for key, (title, answer, text) in texts.items()]
    return KnowledgeIndex(documents, matcher)
