"""Norwegian tokenizer: spaCy's `nb` rules for splitting, Snowball stems as lemmas.

No trained Norwegian spaCy model can be installed here, so only the blank `nb` language is used:
its tokenizer exceptions keep abbreviations such as «f.eks.» and hyphenated words whole.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import spacy
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from advisor.text import fold_spelling, stem

# Symbols that carry meaning in procurement questions and must survive punctuation removal.
_KEPT_SYMBOLS = {"§", "%"}


def _is_noise(text: str) -> bool:
    """True for tokens made only of punctuation or symbols (emoji, «?», «...»)."""
    return all(
        unicodedata.category(char)[0] in "PSZ" and char not in _KEPT_SYMBOLS
        for char in text
    )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class NorwegianTokenizer(Tokenizer):
    """Splits Norwegian text; token text is the folded spelling, lemma is the folded stem.

    Offsets always point into the original text, so entity values keep the user's spelling.
    Punctuation and emoji tokens are dropped (as the WhitespaceTokenizer does) because they
    add noise to the bag-of-words features without helping to tell intents apart.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._nlp = spacy.blank("nb")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NorwegianTokenizer:
        return cls(config)

    @staticmethod
    def supported_languages() -> list[str] | None:
        return ["nb", "nn", "no"]

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        tokens = [
            Token(
                fold_spelling(word.text),
                word.idx,
                lemma=stem(word.text),
            )
            for word in self._nlp.make_doc(text)
            if not _is_noise(word.text)
        ]
        if not tokens and text.strip():
            # Nothing but punctuation or emoji: keep the whole text as one token,
            # like Rasa's own tokenizers, so the featurizers always get input.
            stripped = text.strip()
            tokens = [Token(stripped, text.index(stripped), lemma=stripped)]
        return self._apply_token_pattern(tokens)
