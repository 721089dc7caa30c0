"""Knowledge search for the low-confidence fallback: BM25 over the FAQ topics.

Each topic is one document: its title, its answer and its training questions (which are
the best description of how people ask for it). The answer is what the user gets back,
with its «Kilde:» line, so a search hit is always a sourced, reviewed text.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from advisor.faq_content import faq_content, render_answer
from advisor.text import search_terms
from advisor.topics import all_topics

# A hit must match at least this share of the query's content terms, weighted by their
# rarity; below it the bot says it does not know rather than guessing.
MIN_COVERAGE = 0.45


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


def load_documents() -> list[Document]:
    topics = all_topics()
    content = faq_content()
    documents = []
    for key in content.answers:
        title = topics[key].title if key in topics else key
        answer = render_answer(key) if key in topics else content.answers[key]
        text = " ".join([title, title, answer, *content.examples.get(key, [])])
        documents.append(Document(key, title, answer, tuple(search_terms(text))))
    return documents


class KnowledgeIndex:
    """Okapi BM25 (k1=1.2, b=0.75) over the documents."""

    def __init__(self, documents: list[Document], k1: float = 1.2, b: float = 0.75) -> None:
        self.documents = documents
        self.k1, self.b = k1, b
        self.frequencies = [Counter(doc.terms) for doc in documents]
        self.average_length = sum(len(doc.terms) for doc in documents) / max(len(documents), 1)
        document_frequency = Counter(term for freq in self.frequencies for term in freq)
        n = len(documents)
        self.idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in document_frequency.items()}

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        terms = [t for t in dict.fromkeys(search_terms(query)) if t in self.idf]
        if not terms:
            return []
        query_weight = sum(self.idf[t] for t in terms)
        hits = []
        for doc, freq in zip(self.documents, self.frequencies, strict=True):
            length_norm = self.k1 * (1 - self.b + self.b * len(doc.terms) / self.average_length)
            matched = [t for t in terms if freq[t]]
            if not matched:
                continue
            score = sum(self.idf[t] * freq[t] * (self.k1 + 1) / (freq[t] + length_norm) for t in matched)
            coverage = sum(self.idf[t] for t in matched) / query_weight
            hits.append(Hit(doc.key, doc.title, doc.answer, score, coverage))
        hits.sort(key=lambda hit: hit.score, reverse=True)
        return hits[:limit]

    def best_answer(self, query: str) -> tuple[Hit | None, list[Hit]]:
        """The hit good enough to answer with (or None) and the runners-up for «Mente du …?»."""
        hits = self.search(query, limit=4)
        if hits and hits[0].coverage >= MIN_COVERAGE:
            return hits[0], hits[1:3]
        return None, hits[:3]


@lru_cache(maxsize=1)
def knowledge_index() -> KnowledgeIndex:
    return KnowledgeIndex(load_documents())
