"""Everyday phrases → terms of the trade (advisor/everyday_words.py, knowledge/everyday_words/*.yml)."""

import yaml

from advisor import everyday_words
from advisor.answer_check import describe
from advisor.everyday_words import _folder, with_domain_words
from advisor.word_matching import words

WORD_LIST = """
- domain: [kunngjøre, kunngjøring]
  said: ["lys* ut", "utlys*", "legg* ut konkurranse*"]
- domain: [unormalt, lavt, tilbud]
  said: ["påfallende billig*"]
"""


def use_word_list(tmp_path, monkeypatch, text=WORD_LIST):
    (tmp_path / "list.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(everyday_words, "_folder", lambda: tmp_path)


def test_a_phrase_appends_its_terms_in_any_inflection_and_spelling(tmp_path, monkeypatch):
    use_word_list(tmp_path, monkeypatch)
    assert with_domain_words("når må vi lyse ut") == "når må vi lyse ut kunngjøre kunngjøring"
    assert with_domain_words("Vi lyste ut?").endswith("kunngjøre kunngjøring")
    assert with_domain_words("naar er vi noydde til aa legge ut konkurransen").endswith("kunngjøre kunngjøring")
    assert with_domain_words("ein tilbydar er paafallende billig").endswith("unormalt lavt tilbud")
    # both phrases: each term group once
    both = with_domain_words("utlysningen, må vi lyse ut igjen når noen er påfallende billige")
    assert both.count("kunngjøre") == 1 and both.endswith("unormalt lavt tilbud")


def test_words_match_whole_and_in_a_row(tmp_path, monkeypatch):
    use_word_list(tmp_path, monkeypatch)
    for text in ("hva er en innovativ anskaffelse", "ut og lyse", "lyste dere ut", "billig og påfallende"):
        assert with_domain_words(text) == text


def test_a_changed_list_is_read_again(tmp_path, monkeypatch):
    use_word_list(tmp_path, monkeypatch)
    assert with_domain_words("tenderen") == "tenderen"
    path = tmp_path / "list.yml"
    path.write_text(WORD_LIST + '- domain: [konkurranse]\n  said: ["tender*"]\n', encoding="utf-8")
    import os
    os.utime(path, ns=(1, 2))  # a new modification time even on coarse clocks
    assert with_domain_words("tenderen") == "tenderen konkurranse"


def test_the_answer_checks_word_readers_see_the_terms(tmp_path, monkeypatch):
    use_word_list(tmp_path, monkeypatch)
    q = describe("vi oppdaget en feil etter å legge ut konkurransen", [])
    assert "kunngjor" in q.stems  # the stem of the appended term
    assert q.text == "vi oppdaget en feil etter å legge ut konkurransen"  # the question itself is kept


def test_the_shipped_lists_are_well_formed_and_specific():
    entries = [entry for path in sorted(_folder().glob("*.yml"))
               for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
    assert len(entries) >= 100
    for entry in entries:
        assert entry["domain"] and entry["said"], entry
        for said in entry["said"]:
            # a single stop word («hva», «kan») would fire on most questions
            assert len(said.split()) > 1 or words(said.replace("*", "")), said
    for generic in ("hva er en innovativ anskaffelse", "kan vi gjøre det", "hei", "takk for hjelpen"):
        assert with_domain_words(generic) == generic, generic
