"""Reading typed answers (advisor/answers.py): ja, delvis, nei, vet ikke, questions and explanation requests."""

import pytest

from advisor.answers import (
    ANSWER_VALUES,
    NO,
    PARTIAL,
    UNSURE,
    YES,
    fold_answer,
    is_explanation_request,
    is_question,
    read_answer,
)
from advisor.text import fold_spelling

# ------------------------------------------------------------------------------------------------
# Understanding answers


@pytest.mark.parametrize(
    "text, expected",
    [
        # ja – bokmål, nynorsk, dialect, typos, English, ASCII
        ("ja", YES), ("Ja!", YES), ("jo", YES), ("ja da", YES), ("jo då", YES), ("jada", YES), ("jepp", YES),
        ("jaa", YES), ("jaaaa", YES), ("japp", YES), ("absolutt", YES), ("absloutt", YES), ("det har vi", YES),
        ("det har me", YES), ("ja, det har vi", YES), ("yes", YES), ("ok ja", YES), ("ja takk", YES),
        ("stemmer", YES), ("sjølvsagt", YES), ("selvfolgelig", YES), ("helt klart", YES), ("er på plass", YES),
        ("det er paa plass", YES),
        # delvis
        ("delvis", PARTIAL), ("Delvis.", PARTIAL), ("delvsi", PARTIAL), ("litt", PARTIAL), ("nja", PARTIAL),
        ("til dels", PARTIAL), ("på en måte", PARTIAL), ("pa en mate", PARTIAL), ("paa ein maate", PARTIAL),
        ("sånn halvveis", PARTIAL), ("noe", PARTIAL), ("noko", PARTIAL), ("ja delvis", PARTIAL),
        ("nei ikke helt", PARTIAL), ("ikkje heilt", PARTIAL), ("delvis, vi har starta", PARTIAL),
        ("vi har begynt", PARTIAL), ("er i gang", PARTIAL), ("nesten", PARTIAL), ("ja og nei", PARTIAL),
        ("sånn passe", PARTIAL),
        # nei
        ("nei", NO), ("Nei.", NO), ("neei", NO), ("nie", NO), ("nope", NO), ("niks", NO), ("no", NO),
        ("ikke ennå", NO), ("ikkje enno", NO), ("ikke enda", NO), ("ikkje endå", NO), ("ikke enna", NO),
        ("nei ikke ennå", NO), ("nei, ikkje", NO), ("ikke påbegynt", NO), ("ikke paabegynt", NO), ("har ikke", NO),
        ("har ikkje", NO), ("det har vi ikke", NO), ("absolutt ikke", NO), ("på ingen måte", NO),
        ("ikke på plass", NO), ("nei dessverre", NO),
        # vet ikke
        ("vet ikke", UNSURE), ("veit ikkje", UNSURE), ("vet ikkje", UNSURE), ("vet ikek", UNSURE),
        ("vetikke", UNSURE), ("det vet jeg ikke", UNSURE), ("usikker", UNSURE), ("usikkert", UNSURE),
        ("usikekr", UNSURE), ("tja", UNSURE), ("aner ikke", UNSURE), ("aner ikkje", UNSURE), ("kanskje", UNSURE),
        ("kansje", UNSURE), ("kan hende", UNSURE), ("vet ikke helt", UNSURE), ("ikke sikker", UNSURE),
        ("ikkje heilt sikker", UNSURE), ("litt usikker", UNSURE), ("vanskelig å si", UNSURE),
        ("har ikke peiling", UNSURE), ("må sjekke", UNSURE),
    ],
)
def test_answers_in_bokmal_nynorsk_dialect_ascii_and_with_typos(text, expected):
    assert read_answer(text) == expected


@pytest.mark.parametrize("value", ANSWER_VALUES)
def test_the_slot_values_themselves_are_answers(value):
    assert read_answer(value) == value
    assert read_answer(value.replace("_", " ").upper()) == value


@pytest.mark.parametrize(
    "payload, expected",
    [
        ("/affirm", YES), ("/deny", NO), ("/inform_partial", PARTIAL), ("/inform_unsure", UNSURE),
        ('/inform{"checklist_answer": "delvis"}', PARTIAL), ('/inform{"checklist_answer": "vet_ikke"}', UNSURE),
        ("/greet", None), ('/show_topic{"topic": "metode_behov"}', None), ("/inform{ødelagt", None),
    ],
)
def test_button_payloads(payload, expected):
    assert read_answer(payload) == expected


@pytest.mark.parametrize(
    "text",
    [
        "hva er terskelverdien for kommuner", "hva betyr det", "kva betyr det?", "hvorfor spør du", "korfor spør du",
        "hva mener du", "forklar", "", "   ", "blå", "pause", "start på nytt", "hjelp", "hei", "takk", "ok", "123",
        "er det lov å snakke med leverandørene", "hvilken prosedyre bør vi velge",
        "hva er konkurransepreget dialog?",
        "kan du si litt mer om hvordan vi skal gjennomføre dialogen med markedet i praksis",
        "har dere en oversikt over frister?", "jeg vil snakke med et menneske",
    ],
)
def test_questions_requests_and_noise_are_not_answers(text):
    assert read_answer(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "hva betyr det?", "hva betyr det", "kva betyr det", "hva betyr dette spørsmålet", "hvorfor spør du?",
        "hvorfor spoer du", "korfor spør du", "kvifor spør de om dette", "forklar", "Forklar litt mer",
        "kan du forklare?", "hva mener du", "kva meiner du", "hva mener du med det", "hvorfor?", "utdyp",
        "skjønner ikke spørsmålet", "hæ?", "what does that mean",
    ],
)
def test_explanation_requests(text):
    assert is_explanation_request(text)
    assert read_answer(text) is None


@pytest.mark.parametrize(
    "text",
    ["ja", "nei", "vet ikke", "delvis", "hva er terskelverdien for kommuner", "hva betyr innovasjonspartnerskap", ""],
)
def test_answers_and_other_questions_are_not_explanation_requests(text):
    assert not is_explanation_request(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # bokmål and nynorsk side by side
        ("vet ikke", UNSURE), ("veit ikkje", UNSURE), ("ikke påbegynt", NO), ("ikkje byrja", NO),
        ("ikke helt", PARTIAL), ("ikkje heilt", PARTIAL), ("det har vi", YES), ("det har me", YES),
        ("ikke sikker", UNSURE), ("ikkje sikker", UNSURE), ("på en måte", PARTIAL), ("på ein måte", PARTIAL),
        # no æøå: ASCII with and without the two-letter spellings
        ("ikke paabegynt", NO), ("ikke pabegynt", NO), ("ikkje endaa", NO), ("sjoelvsagt", YES),
        ("sjolvsagt", YES), ("saann passe", PARTIAL), ("paa ingen maate", NO),
        # typos the reader forgives
        ("delvsi", PARTIAL), ("devlis", PARTIAL), ("usikekr", UNSURE), ("vet ikek", UNSURE), ("absloutt", YES),
        ("nie", NO), ("ine", NO), ("jaaaa", YES), ("neeeei", NO),
        # «vet ikke» in its many forms
        ("Vet ikke", UNSURE), ("vet_ikke", UNSURE), ("VET IKKE!", UNSURE), ("det veit eg ikkje", UNSURE),
        ("aner ikke", UNSURE), ("ingen anelse", UNSURE), ("vanskelig å si", UNSURE), ("må sjekke", UNSURE),
    ],
)
def test_spellings_of_both_written_standards_without_aeoa_and_with_typos(text, expected):
    assert read_answer(text) == expected


def test_the_fold_is_the_spelling_fold_of_advisor_text_plus_answer_rules():
    assert fold_answer("Ikkje ennå!!") == "ikkje enna" == fold_spelling("ikkje ennå")
    assert fold_answer("paa en maate") == "pa en mate"
    assert fold_answer("noe") == "noko"  # not «no», which is English for nei
    assert fold_answer("jaaaa") == "ja"


@pytest.mark.parametrize(
    "text", ["hva er en kontraktsforvalter?", "kan vi bruke kpd på bygg", "kva tyder det her", "nesten?",
             "hjelp", "hva", "har dere en oversikt over frister", "kossen gjør vi det", "ja?"],
)
def test_questions(text):
    assert is_question(text)
    assert read_answer(text) is None


@pytest.mark.parametrize(
    "text", ["ja", "tja", "nesten", "ikkje enno", "ja da", "", "er på plass", "er ikke på plass", "kan hende det",
             "har ikke begynt enda", "har ikkje kome i gang", "har begynt litt"],
)
def test_answers_are_not_questions(text):
    assert not is_question(text)


@pytest.mark.parametrize(
    "text, expected",
    [("er på plass", YES), ("er ikke på plass", NO), ("kan hende det", UNSURE), ("har ikke begynt enda", NO),
     ("har begynt litt", PARTIAL)],
)
def test_answers_that_start_like_questions_are_read(text, expected):
    assert read_answer(text) == expected
