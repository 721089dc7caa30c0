"""The Norwegian tokenizer: tokens, offsets, stems and folded spellings (no training needed)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from advisor.text import fold_spelling, stem
from components.norwegian_tokenizer import NorwegianTokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return NorwegianTokenizer(NorwegianTokenizer.get_default_config())


def tokens(tokenizer, text):
    return tokenizer.tokenize(Message({"text": text}), "text")


def test_offsets_point_into_the_original_text(tokenizer):
    text = "Kan vi snakke med leverandørene på én-til-én-møter?"
    for token in tokens(tokenizer, text):
        assert fold_spelling(text[token.start:token.end]) == token.text


def test_abbreviations_and_hyphenated_words_stay_whole(tokenizer):
    words = [t.text for t in tokens(tokenizer, "Vi har f.eks. én-til-én-møter med leverandørene.")]
    assert "f.eks." in words
    assert "en-til-en-moter" in words


def test_punctuation_and_emoji_are_dropped_but_paragraph_sign_and_percent_kept(tokenizer):
    words = [t.text for t in tokens(tokenizer, "Hva sier § 12-2? 30 % klima! 😀")]
    assert "?" not in words and "!" not in words and "😀" not in words
    assert "§" in words and "%" in words and "12-2" in words


def test_only_punctuation_keeps_one_token(tokenizer):
    result = tokens(tokenizer, "???")
    assert len(result) == 1 and result[0].start == 0 and result[0].end == 3


@pytest.mark.parametrize(
    "word, expected_stem",
    [("leverandørene", "leverandor"), ("kommunene", "kommun"), ("leverandørane", "leverandor")],
)
def test_lemmas_are_folded_snowball_stems(tokenizer, word, expected_stem):
    assert tokens(tokenizer, word)[0].lemma == expected_stem


@pytest.mark.parametrize(
    "spellings",
    [
        ("leverandører", "leverandoerer", "leverandorer"),
        ("å snakke", "aa snakke", "a snakke"),
        ("særlige", "saerlige"),
        ("Åpen anbudskonkurranse", "aapen anbudskonkurranse", "apen anbudskonkurranse"),
    ],
)
def test_ascii_spellings_give_the_same_tokens_and_lemmas(tokenizer, spellings):
    results = [[(t.text, t.lemma) for t in tokens(tokenizer, s)] for s in spellings]
    assert all(result == results[0] for result in results)


def test_entity_offsets_keep_the_users_spelling(tokenizer):
    text = "Vi er en kommune som kjøper tjenester"
    found = [t for t in tokens(tokenizer, text) if t.text == "kjoper"]
    assert text[found[0].start:found[0].end] == "kjøper"


def test_stem_is_cached_and_deterministic():
    assert stem("Anskaffelsene") == stem("anskaffelsene") == stem("anskaffelser")

