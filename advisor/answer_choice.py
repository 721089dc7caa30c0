"""Pick the answer unit for a question, and check that it really answers it before it is shown.

The ResponseSelector always finds a nearest unit, also for questions no unit covers («hva er risikoen …»
gets the unit on benefits). So each candidate – the selector's first three units and the search's best unit –
gets a probability from the learned answer check (advisor/answer_check.py), and the most probable is shown
when it reaches the fitted operating threshold. Otherwise the honest answer is that there is no sure answer,
with the nearest units as buttons and the human contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from advisor.answer_check import describe, fitted_check, scored_candidates
from advisor.language import foreign_language, with_norwegian_words
from advisor.search import knowledge_index
from advisor.topics import all_topics
from advisor.word_matching import words

# A question in English, Swedish or Danish shares few words with the Norwegian units, so the lexical features speak
# against every unit; such a question is answered at this lower probability. Chosen by hand (no foreign-language
# questions in tests/questions to fit it on): on a handful of Swedish and Danish questions the right unit came out at
# 0.45–0.7 and the wrong ones below 0.3.
FOREIGN_THRESHOLD = 0.4
# A unit's own title asked as it stands («Hvordan forbereder vi konkurransegrunnlaget?», a button's text copied):
# that unit. Similarity of the folded content words (rapidfuzz ratio, 0–100); 95 lets a typo or a dropped
# question mark through, not another question.
TITLE_MATCH = 95


@dataclass(frozen=True)
class Candidate:
    key: str
    selector_confidence: float
    coverage: float
    probability: float = 0.0


@dataclass(frozen=True)
class AnswerChoice:
    """`key` is the unit to show, or None for the honest «no sure answer»; `nearest` for the buttons.
    `language` is «en», «sv» or «da» when the question is in a language the assistant does not answer in: the
    answer is still given, in Norwegian, after the line `utter_answers_in_norwegian`."""
    key: str | None
    nearest: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    language: str | None = None


def choose_answer(question: str, selector_ranking: list[tuple[str, float]], *, intent: str | None = None,
                  intent_confidence: float | None = None) -> AnswerChoice:
    """The unit that answers `question`, given the ResponseSelector's ranking [(key, confidence), …] and,
    when the caller has them, the message's intent name and confidence (better decisions with them)."""
    index = knowledge_index()
    language = foreign_language(question)
    q = describe(with_norwegian_words(question, language), selector_ranking, intent, intent_confidence, index)
    check = fitted_check()
    scored = scored_candidates(q, check)
    confidences = dict(q.ranking)
    candidates = [Candidate(key, confidences.get(key, 0.0), index.matcher.coverage(key, q.terms), p)
                  for key, p in scored]
    search_hits = sorted(q.bm25, key=q.bm25.get, reverse=True)[:3]
    nearest = list(dict.fromkeys([c.key for c in candidates] + [key for key, _ in q.ranking] + search_hits))
    threshold = min(check.threshold, FOREIGN_THRESHOLD) if language else check.threshold
    title = title_asked(question)
    if title or (candidates and candidates[0].probability >= threshold):
        chosen = title or candidates[0].key
        return AnswerChoice(chosen, [key for key in nearest if key != chosen], candidates, language)
    return AnswerChoice(None, nearest[:3], candidates, language)


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Each unit's title as its folded content words; a title of one content word («Bare ett tilbud kom inn» →
    «tilbud») is left out: one word is a topic, not that unit's question."""
    titles = {key: " ".join(words(topic.title)) for key, topic in all_topics().items()}
    return {key: title for key, title in titles.items() if len(title.split()) > 1}


def title_asked(question: str) -> str | None:
    """The unit whose title the question is («hvordan forbereder vi konkurransegrunnlaget» for «Forberede
    konkurransegrunnlaget»), or None."""
    asked = " ".join(words(question))
    match = process.extractOne(asked, _titles(), scorer=fuzz.ratio, score_cutoff=TITLE_MATCH) if asked else None
    return match[2] if match else None


def warm_up() -> None:
    """Builds the search indexes and the second reader, reads the fitted check and the word lists (about 9 s with
    the staff phrasings and the everyday words, `make benchmark-check`), so the first user's turn does not pay for
    it. The action server may call it once at start-up."""
    choose_answer("hva er en innovativ anskaffelse", [("metode_hva_er", 1.0)], intent="faq", intent_confidence=1.0)
    foreign_language("what is an innovative procurement")
