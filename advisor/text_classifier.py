"""A second reader of which unit a question asks for: TF-IDF over character n-grams and word stems, and a linear
SVM (scikit-learn), trained on the units' example questions and titles, with two more classes: the out-of-scope
examples, and procurement questions no unit answers (knowledge/answer_check/not_covered.yml, written apart from
tests/questions), so that a question that only shares words with a unit can score higher for «not covered».

The ResponseSelector reads the same examples, but through a different model; where the two agree, the answer is
far more often right. This reader also reads the staff phrasings (knowledge/phrasings, through
advisor/faq_content.py), which Rasa does not. On the tuning part of tests/questions it alone put the right unit
first for 87 % of the answerable questions against the selector's 77 %, and for 92 % with the phrasings (measured
2026-12-03, scripts/fit_answer_check.py --tuning-only). Its decision values are features of the answer check
(advisor/answer_check.py).

Fitting takes a few seconds on 2 cores, so it is rebuilt once per process, at warm-up (no file to ship).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from advisor.faq_content import DATA_DIR
from advisor.text import fold_nynorsk, fold_spelling, stem
from advisor.word_matching import words

NOT_COVERED_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "answer_check" / "not_covered.yml"
OUT_OF_SCOPE = "__out_of_scope__"
NOT_COVERED = "__not_covered__"
NO_UNIT = (OUT_OF_SCOPE, NOT_COVERED)
# C=0.5 and the n-gram ranges were compared on the tuning part only (2–5 and 1–4 characters, C 0.3–1.0: 86–88 %
# right first, within noise); these are middle values, not the best of the sweep.
SVM_C = 0.5


def spelled(text: str) -> str:
    """The text with folded spelling and nynorsk forms, stop words kept (they shape the character n-grams)."""
    return " ".join(fold_nynorsk(fold_spelling(word)) for word in text.lower().split())


def stems(text: str) -> str:
    return " ".join(stem(word) for word in words(text))


def out_of_scope_examples(data_dir: Path = DATA_DIR) -> list[str]:
    found = []
    for path in sorted(data_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if block.get("intent") == "out_of_scope":
                found += [re.sub(r"^\s*-\s*", "", line) for line in block["examples"].splitlines() if line.strip()]
    return found


def not_covered_questions(path: Path = NOT_COVERED_PATH) -> list[str]:
    """The questions no unit answers, all groups (near misses, adjacent practice, off-topic)."""
    if not path.exists():
        return []
    groups = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions") or {}
    return [str(text) for texts in groups.values() for text in texts or []]


def labelled_examples() -> list[tuple[str, str]]:
    """(text, unit key) for every unit's title and example, (text, OUT_OF_SCOPE) for the out-of-scope examples,
    (text, NOT_COVERED) for the questions no unit answers."""
    from advisor.faq_content import faq_content
    from advisor.topics import all_topics

    topics = all_topics()
    pairs = []
    for key, texts in faq_content().examples.items():
        pairs += [(text, key) for text in ([topics[key].title] if key in topics else []) + list(texts)]
    return (pairs + [(text, OUT_OF_SCOPE) for text in out_of_scope_examples()]
            + [(text, NOT_COVERED) for text in not_covered_questions()])


@dataclass
class TextClassifier:
    characters: TfidfVectorizer
    word_stems: TfidfVectorizer
    svm: LinearSVC

    @classmethod
    def fit(cls, pairs: list[tuple[str, str]]) -> TextClassifier:
        characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        word_stems = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
        texts = [text for text, _ in pairs]
        x = hstack([characters.fit_transform([spelled(t) for t in texts]),
                    word_stems.fit_transform([stems(t) for t in texts])]).tocsr()
        svm = LinearSVC(C=SVM_C, random_state=0).fit(x, [label for _, label in pairs])
        return cls(characters, word_stems, svm)

    def matrix(self, texts: list[str]) -> csr_matrix:
        return hstack([self.characters.transform([spelled(t) for t in texts]),
                       self.word_stems.transform([stems(t) for t in texts])]).tocsr()

    def scores_of(self, texts: list[str]) -> list[dict[str, float]]:
        """Per text, the decision value of every class (higher: more likely; the best is usually above 0)."""
        values = self.svm.decision_function(self.matrix(texts))
        if values.ndim == 1:  # two classes: one column, positive for the second class
            values = np.column_stack([-values, values])
        classes = [str(c) for c in self.svm.classes_]
        return [dict(zip(classes, map(float, row), strict=True)) for row in values]


@lru_cache(maxsize=1)
def text_classifier() -> TextClassifier:
    return TextClassifier.fit(labelled_examples())


def unit_scores(question: str) -> dict[str, float]:
    return text_classifier().scores_of([question])[0]


def out_of_fold_scores(pairs: list[tuple[str, str]], folds: int = 5) -> list[dict[str, float]]:
    """Each example's scores from a classifier fitted without it (for fitting the answer check on the examples:
    the full classifier would be too sure of its own training data)."""
    result: list[dict[str, float]] = [{} for _ in pairs]
    for fold in range(folds):
        held = [i for i in range(len(pairs)) if i % folds == fold]
        held_set = set(held)
        model = TextClassifier.fit([pair for i, pair in enumerate(pairs) if i not in held_set])
        for i, scores in zip(held, model.scores_of([pairs[i][0] for i in held]), strict=True):
            result[i] = scores
    return result
