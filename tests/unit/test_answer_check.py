"""The learned answer check (advisor/answer_check.py) and the choice built on it (advisor/answer_choice.py)."""

import json

import pytest

from advisor import answer_check
from advisor.answer_check import FEATURES, LOCKED, TUNING, FittedCheck, describe, features, split_of
from advisor.answer_choice import AnswerChoice, choose_answer


def test_the_split_is_fixed_by_the_text_and_locks_at_least_35_percent():
    assert split_of("Hva er  en innovativ anskaffelse ") == split_of("hva er en innovativ anskaffelse")
    assert split_of(["a", "b"]) == split_of(["A", "b "])
    parts = [split_of(f"spørsmål nummer {i}") for i in range(2000)]
    assert set(parts) == {TUNING, LOCKED}
    assert parts.count(LOCKED) / len(parts) >= 0.35


def test_the_shipped_model_matches_the_features_and_has_a_threshold():
    data = json.loads(answer_check.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert 0.0 < data["threshold"] < 1.0
    assert len(data["coef"]) == len(FEATURES)


def test_a_model_fitted_on_other_features_is_refused():
    with pytest.raises(ValueError):
        FittedCheck.from_json({"features": ["x"], "mean": [0], "scale": [1], "coef": [1], "intercept": 0,
                               "platt_a": 1, "platt_b": 0, "threshold": 0.5})


def test_features_have_one_value_per_name():
    q = describe("hva er en åpen funksjonell kravspesifikasjon", [("metode_apen_spesifikasjon", 0.9),
                                                                 ("metode_steg", 0.05)], "faq", 0.95)
    assert len(features(q, "metode_apen_spesifikasjon")) == len(FEATURES)
    assert "metode_apen_spesifikasjon" in answer_check.candidates(q)


def test_a_sure_covered_question_is_answered_and_keeps_the_interface():
    choice = choose_answer("hva er en åpen funksjonell kravspesifikasjon",
                           [("metode_apen_spesifikasjon", 0.95), ("metode_steg", 0.02)],
                           intent="faq", intent_confidence=0.97)
    assert isinstance(choice, AnswerChoice)
    assert choice.key == "metode_apen_spesifikasjon"
    assert "metode_apen_spesifikasjon" not in choice.nearest
    assert choice.candidates and choice.candidates[0].key == "metode_apen_spesifikasjon"


def test_a_question_no_unit_covers_gets_the_honest_unknown_with_nearest_units():
    choice = choose_answer("hvor parkerer jeg bilen ved rådhuset",
                           [("metode_hvorfor", 0.31), ("metode_steg", 0.22), ("praksis_tidsbruk", 0.1)],
                           intent="faq", intent_confidence=0.6)
    assert choice.key is None
    assert choice.nearest


def test_positional_call_without_intent_still_works():
    choice = choose_answer("hva er konkurransepreget dialog", [("prosedyre_konkurransepreget_dialog", 0.93)])
    assert choice.key == "prosedyre_konkurransepreget_dialog"


def test_a_question_in_english_swedish_or_danish_is_marked_and_norwegian_is_not():
    from advisor.language import foreign_language
    assert foreign_language("What is innovative procurement?") == "en"
    assert foreign_language("Vad är en innovativ upphandling?") == "sv"
    assert foreign_language("Hvad er et innovativt indkøb?") == "da"
    assert foreign_language("kan vi bare velge det billigste tilbudet") is None
    assert foreign_language("kva er sjekklista") is None
    assert choose_answer("What is innovative procurement?", [("metode_hva_er", 0.5)]).language == "en"


def test_a_swedish_in_scope_question_is_answered_with_the_language_noted():
    choice = choose_answer("Vad är en innovativ upphandling?", [("metode_hva_er", 0.9), ("metode_hvorfor", 0.05)],
                           intent="faq", intent_confidence=1.0)
    assert choice.language == "sv"
    assert choice.key == "metode_hva_er"


def test_a_foreign_question_is_matched_with_its_procurement_words_in_norwegian():
    from advisor.language import with_norwegian_words
    assert with_norwegian_words("Hvad er et innovativt indkøb?", "da") == "hva er et innovativt innkjøp?"
    assert with_norwegian_words("Kan vi prata med leverantörerna?", "sv") == "kan vi snakke med leverandørene?"
    assert with_norwegian_words("hva er et innkjøp", None) == "hva er et innkjøp"
    # an unsure selector: the Norwegian words make the check sure enough to answer
    choice = choose_answer("Hvad er et innovativt indkøb?", [("metode_hva_er", 0.5), ("metode_hvorfor", 0.3)],
                           intent="faq", intent_confidence=0.9)
    assert (choice.language, choice.key) == ("da", "metode_hva_er")


def test_a_units_own_title_asked_as_a_question_gets_that_unit():
    from advisor.answer_choice import title_asked
    assert title_asked("Hvordan forbereder vi konkurransegrunnlaget?") == "metode_konkurransegrunnlag"
    assert title_asked("hvordan forbreder vi konkurransegrunnlaget") == "metode_konkurransegrunnlag"  # a typo
    assert title_asked("avvise tilbud") == "avvisning_tilbud"
    # a title of one content word («Bare ett tilbud kom inn» → «tilbud») is a topic, not that unit's question
    assert title_asked("tilbud") is None
    # a longer question that starts like a title is left to the check
    assert title_asked("hvor lang tid tar det å få svar fra KOFA") is None
    # the choice takes the title's unit even when no reader ranks it
    choice = choose_answer("Hvordan forbereder vi konkurransegrunnlaget?", [], intent="faq", intent_confidence=1.0)
    assert choice.key == "metode_konkurransegrunnlag"
