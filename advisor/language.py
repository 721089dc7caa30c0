"""Which language a message is in, when it is one the assistant does not answer in: English, Swedish, Danish.

Such a question, when it is in scope, still gets its answer, in Norwegian, with one line saying that the
assistant answers in Norwegian (response `utter_answers_in_norwegian`). Identification uses `langdetect`: pure
Python, works offline (its language profiles ship in the package) and is small; `lingua` is more accurate on
short texts but its wheel is about 96 MB. Bokmål and Danish are close, so only a sure verdict on a message of
at least three words counts, and for Danish and Swedish only with a word Norwegian does not use; anything else
is taken as Norwegian.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException
from wordfreq import zipf_frequency

from advisor.knowledge import knowledge_dir, load_yaml

DetectorFactory.seed = 0  # langdetect samples; a fixed seed gives the same verdict every time

FOREIGN = {"en": "engelsk", "sv": "svensk", "da": "dansk"}
MIN_PROBABILITY = 0.95
MIN_WORDS = 3
# Words only Norwegian (bokmål or nynorsk) uses among these languages: a message with one is Norwegian.
_NORWEGIAN_ONLY = frozenset("hva hvordan hvorfor hvem hvilke kva korleis kvifor kven ikkje eg noko nokon "
                            "anskaffelse anskaffelser anskaffing kjøpe innkjøp".split())


@lru_cache(maxsize=4096)
def foreign_language(text: str) -> str | None:
    """«en», «sv» or «da» when the message is surely in that language; None otherwise (Norwegian or unsure)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < MIN_WORDS or _NORWEGIAN_ONLY & set(words):
        return None
    # langdetect costs about 12 ms; it runs only when some word belongs to one of these languages and not to
    # Norwegian (nearly never in a Norwegian message).
    if not any(_own_word(word, language) for word in words for language in FOREIGN):
        return None
    try:
        best = max(detect_langs(text), key=lambda guess: guess.prob)
    except LangDetectException:
        return None
    if best.lang not in FOREIGN or best.prob < MIN_PROBABILITY:
        return None
    # langdetect often takes casual bokmål for Danish: a Scandinavian verdict needs a word of that language
    # that Norwegian does not use («hvad», «udbud», «upphandling»), by wordfreq's frequencies.
    if best.lang != "en" and not any(_own_word(word, best.lang) for word in words):
        return None
    return best.lang


@lru_cache(maxsize=50_000)
def _own_word(word: str, language: str) -> bool:
    return zipf_frequency(word, language) >= 3.0 and zipf_frequency(word, "nb") < 2.0


def _glossaries() -> dict[str, list[tuple[re.Pattern, str]]]:
    path = knowledge_dir() / "foreign_words.yml"
    return _compiled(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _compiled(path: Path, _modified_ns: int) -> dict[str, list[tuple[re.Pattern, str]]]:
    """The word lists as patterns, longest phrase first; compiled again when the file changes."""
    data = load_yaml(path.name) or {}
    return {language: [(re.compile(rf"(?<!\w){re.escape(source)}(?!\w)"), target)
                       for source, target in sorted(words.items(), key=lambda item: -len(item[0]))]
            for language, words in data.items()}


def with_norwegian_words(text: str, language: str | None) -> str:
    """The question with its procurement words put in Norwegian (knowledge/foreign_words.yml), so the answer check
    can match it against the units. A word list, because no translation library works offline without
    downloading models."""
    if not language:
        return text
    result = text.lower()
    for pattern, target in _glossaries().get(language, []):
        result = pattern.sub(target, result)
    return result
