"""The procedure rules as data: every rule has its texts, the whole answer space reaches exactly the procedures
each part allows (on both sides of the amendments of 1 July 2026), and a few exact texts, recorded before the
rules became a table."""

import itertools
from datetime import date

import pytest

from advisor import facts
from advisor.knowledge import load_yaml
from advisor.procedure import (
    ASK_THE_UTILITIES_OFFICE,
    CONDITIONS,
    DIRECT,
    ESTIMATE_THE_VALUE_FIRST,
    FOLLOW_PART_IV,
    INNOVATION_PARTNERSHIP,
    NEGOTIATION,
    OPEN_NATIONAL,
    OPEN_TENDER,
    OUTSIDE_THE_RULES,
    PRE_COMMERCIAL,
    RULES,
    Case,
    recommend,
)
from advisor.thresholds import EXEMPT, PART_I, PART_II, PART_III, PART_IV

DAYS = (date(2026, 6, 30), date(2026, 7, 1))
BUYERS = ("kommune", "stat", "forsyning")
CONTRACTS = ("varer", "tjenester", "bygg_og_anlegg", "helse_sosial", "saerlige_tjenester", None)
THRESHOLD_FACTS = ("nedre_grense", "nasjonal_terskel", "eos_stat", "eos_andre", "eos_bygg", "eos_helse_sosial")


def values():
    """Just under and at every threshold on both days, plus «vet ikke» and not given."""
    amounts = {facts.amount(fact_id, day) + step for day in DAYS for fact_id in THRESHOLD_FACTS for step in (-1, 0)}
    return [*sorted(amounts), "ukjent", None]


def all_cases():
    for buyer, contract, value in itertools.product(BUYERS, CONTRACTS, values()):
        # Enough answers to reach every rule; «delvis» counts as «ja», and «nei» only matters for solutions_exist.
        for exist, research, adapt, ground in itertools.product(("ja", "nei"), ("ja", None), ("delvis", None),
                                                                 ("delvis", None)):
            yield Case(buyer, contract, value, exist, research, adapt, "ja", ground)


def group(case, part):
    if case.buyer_type == "forsyning":
        return "forsyning"
    return "verdi ukjent" if case.value is None else part


@pytest.fixture
def facts_parsed_once(monkeypatch):
    """Speed only: regelverk.yml does not change during the test, so it is parsed once instead of per call."""
    parsed = facts.all_facts()
    monkeypatch.setattr(facts, "all_facts", lambda: parsed)


@pytest.mark.parametrize("day", DAYS)
def test_the_whole_answer_space_gives_the_procedures_each_part_allows(day, facts_parsed_once):
    found = {}
    for case in all_cases():
        result = recommend(case, today=day)
        found.setdefault(group(case, result.part), set()).add(result.recommended)
    assert found == {
        "forsyning": {ASK_THE_UTILITIES_OFFICE},
        "verdi ukjent": {ESTIMATE_THE_VALUE_FIRST},
        EXEMPT: {OUTSIDE_THE_RULES},
        PART_I: {DIRECT},
        PART_II: {OPEN_NATIONAL, PRE_COMMERCIAL},
        PART_III: {OPEN_TENDER, NEGOTIATION, INNOVATION_PARTNERSHIP, PRE_COMMERCIAL},
        PART_IV: {FOLLOW_PART_IV},
    }


def test_every_rule_has_its_texts_and_every_condition_is_known():
    content = load_yaml("prosedyrevalg.yml")
    assert [rule.name for rule in RULES] == list(content["recommendations"])
    for name, texts in content["recommendations"].items():
        assert texts.get("reasons"), name
        for field in ("reasons", "legal_basis", "deadlines", "documentation"):
            for item in texts.get(field) or []:
                if isinstance(item, dict):
                    assert item["when"].removeprefix("not ") in CONDITIONS, (name, item)


AFTER = date(2026, 7, 1)
RESERVATION = (
    "⚠️ Beløpet er det siste jeg har kontrollert (perioden 2024–2026). EU endret sine terskelverdier fra 1.1.2026, "
    "og de norske kronebeløpene kan derfor være justert i 2026. Sjekk gjeldende tall på "
    "https://anskaffelser.no/avtaler-og-regelverk/terskelverdier-offentlige-anskaffelser."
)
PART_III_SOURCE = (
    "Kilde: anskaffelsesforskriften § 13-1; anskaffelsesforskriften § 13-2; anskaffelsesforskriften § 7-6; "
    "anskaffelser.no/terskelverdier; anskaffelsesforskriften § 5-3 (kontrollert januar 2026)."
)


def test_exact_text_of_negotiation_on_a_13_2_ground():
    case = Case("kommune", "tjenester", 4_000_000, "ja", None, "nei", "ja", "ja")
    assert recommend(case, today=AFTER).text.splitlines() == [
        "Min anbefaling: **Konkurranse med forhandling**.",
        "- Verdien er på eller over EØS-terskelverdien (2,3 mill. kr), så del III gjelder.",
        "- Dere oppgir at et vilkår i § 13-2 er oppfylt. Da kan dere forhandle; dere må kunne vise hvilket.",
        "- Er anskaffelsen svært sammensatt, er konkurransepreget dialog et alternativ.",
        "- Ha dialog med markedet før kunngjøringen, og bruk funksjonskrav der det passer.",
        "Prosedyrer dere kan bruke: Åpen anbudskonkurranse, Begrenset anbudskonkurranse, Konkurranse med "
        "forhandling, Konkurransepreget dialog.",
        "Kunngjøring: Doffin og TED.",
        "Frister: Konkurranse med forhandling: minst 30 dager for forespørsel om å delta, deretter minst 25 dager "
        "for første tilbud.",
        "Dokumenter: anskaffelsen og de viktigste valgene (anskaffelsesforskriften § 7-1); hvilket vilkår i § 13-2 "
        "som er oppfylt (dere har bevisbyrden).",
        "Skriv «hvorfor?» for å se regelen bak anbefalingen.",
        RESERVATION,
        PART_III_SOURCE,
    ]


def test_exact_text_of_wanting_to_negotiate_without_a_ground():
    case = Case("kommune", "tjenester", 4_000_000, "ja", None, "nei", "ja", "nei")
    result = recommend(case, today=AFTER)
    assert result.text.splitlines()[:4] == [
        "Min anbefaling: **Åpen anbudskonkurranse**.",
        "- Verdien er på eller over EØS-terskelverdien (2,3 mill. kr), så del III gjelder.",
        "- Dere ønsker å forhandle, men over EØS-terskelverdien krever forhandling et vilkår i § 13-2 (for eksempel "
        "tilpasning, design eller innovative løsninger, kompleksitet eller risiko). Å ønske å forhandle om prisen er "
        "ikke et slikt vilkår, så konkurranse med forhandling er ikke tillatt her.",
        "- I en anbudskonkurranse kan dere avklare uklarheter i tilbudene, men ikke forhandle.",
    ]
    assert result.why_text.splitlines() == [
        "Over EØS-terskelverdien kan dere alltid bruke åpen eller begrenset anbudskonkurranse (§ 13-1). Forhandling "
        "krever et vilkår i § 13-2 (tilpasning, design eller innovative løsninger, kompleksitet eller risiko, krav som "
        "ikke kan beskrives presist, eller bare uakseptable tilbud tidligere); at dere ønsker å forhandle, er ikke "
        "nok. Når en kjent løsning dekker behovet, er åpen anbudskonkurranse det enkleste valget.",
        PART_III_SOURCE,
    ]


def test_exact_text_for_the_utilities_sector():
    result = recommend(Case("forsyning", "varer"), today=AFTER)
    assert result.text.splitlines() == [
        "Min anbefaling: **Avklar med innkjøpsavdelingen (forsyningsforskriften)**.",
        "- Forsyningssektoren følger forsyningsforskriften, som har egne prosedyreregler jeg ikke dekker.",
        "- EØS-terskelverdien for varer og tjenester er 4,6 mill. kr.",
        "Skriv «hvorfor?» for å se regelen bak anbefalingen.",
        RESERVATION,
        "Kilde: forsyningsforskriften; anskaffelser.no/terskelverdier (kontrollert januar 2026).",
    ]
    assert result.why_text.splitlines()[0] == "Anbefalingen bygger på verdien, hva dere kjøper og svarene deres."


def test_direct_procurement_of_health_services_names_their_threshold():
    result = recommend(Case("kommune", "helse_sosial", 5_000_000), today=AFTER)
    assert result.reasons[0] == ("Helse- og sosialtjenester under EØS-terskelverdien (7,8 mill. kr) følger bare "
                                 "loven og del I: ingen kunngjøring etter del II og ingen faste prosedyreregler.")
    assert result.why_text.startswith("Under nasjonal terskelverdi (1,3 mill. kr) gjelder bare loven og del I")
