"""Norwegian word matching (advisor/word_matching.py) and the BM25 search (advisor/search.py)."""

from advisor.search import knowledge_index
from advisor.text import fold_nynorsk, fold_spelling
from advisor.word_matching import Matcher, general_rarity, split_compound, words

UNITS = {
    "spesifikasjon": "Åpen, funksjonell kravspesifikasjon. Beskriv funksjon og krav, ikke produktet.",
    "sjekkliste": "Sjekklisten: kan anskaffelsen gjøres innovativ?",
    "dialog": "Dialog med leverandører før konkurransen er lov.",
}


def test_nynorsk_is_folded_to_bokmal_for_matching():
    assert fold_nynorsk(fold_spelling("korleis")) == "hvordan"
    assert fold_nynorsk(fold_spelling("anskaffing")) == "anskaffelse"
    assert fold_nynorsk("vanleg") == "vanlig"
    assert fold_nynorsk("dialog") == "dialog"
    assert words("Kva er sjekklista?") == ["sjekklisten"]


def test_compounds_split_against_the_content_vocabulary():
    known = frozenset({"funksjon", "krav", "behov", "kartlegging"})
    assert split_compound("funksjonskrav", known) == ("funksjon", "krav")
    assert split_compound("behovskartlegging", known) == ("behov", "kartlegging")
    assert split_compound("xylofonkrav", known) == ()


def test_everyday_words_weigh_less_than_rare_ones():
    assert general_rarity("gjøre") < general_rarity("kravspesifikasjon")


def test_compound_typo_and_nynorsk_questions_are_covered():
    matcher = Matcher(UNITS)
    assert matcher.coverage("spesifikasjon", matcher.terms("hva er funksjonskrav")) > 0.9
    assert matcher.coverage("sjekkliste", matcher.terms("kva er sjekklista")) == 1.0
    assert matcher.coverage("dialog", matcher.terms("dialog med leverandorrer")) == 1.0
    assert matcher.coverage("dialog", matcher.terms("hva er risikoen ved velferdsteknologi")) < 0.2


def test_the_search_finds_units_by_their_words():
    hits = knowledge_index().search("hva betyr funksjonskrav i kravspesifikasjonen")
    assert hits and hits[0].key in {"metode_apen_spesifikasjon", "metode_evaluering_funksjonskrav"}
    assert knowledge_index().search("xyzzy qwerty") == []
