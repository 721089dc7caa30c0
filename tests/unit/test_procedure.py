"""Procedure chooser rules: which questions are needed and what is recommended."""

from datetime import date

import pytest

from advisor.procedure import (
    COMPETITIVE_DIALOGUE,
    DIRECT,
    INNOVATION_PARTNERSHIP,
    NEGOTIATION,
    OPEN_NATIONAL,
    OPEN_TENDER,
    PRE_COMMERCIAL,
    Case,
    next_question,
    questions_needed,
    recommend,
)
from advisor.thresholds import EXEMPT, PART_I, PART_II, PART_III, PART_IV

TODAY = date(2026, 2, 1)

CASES = [
    # buyer, contract, value, solutions exist, needs adaptation, wants negotiation → part, recommendation
    ("kommune", "tjenester", 3_000_000, "nei", None, None, PART_III, INNOVATION_PARTNERSHIP),
    ("kommune", "varer", 500_000, None, None, None, PART_I, DIRECT),
    ("stat", "tjenester", 1_400_000, "ja", None, "nei", PART_II, OPEN_NATIONAL),
    ("stat", "tjenester", 1_490_000, "ja", "nei", "nei", PART_III, OPEN_TENDER),
    ("kommune", "tjenester", 2_500_000, "ja", "ja", "nei", PART_III, NEGOTIATION),
    # Wanting to negotiate is not a § 13-2 ground: without one (not asked yet here) an anbudskonkurranse.
    ("kommune", "tjenester", 2_500_000, "ja", "nei", "ja", PART_III, OPEN_TENDER),
    ("kommune", "varer", 2_299_999, "ja", None, "ja", PART_II, OPEN_NATIONAL),
    ("kommune", "bygg_og_anlegg", 40_000_000, "ja", "ja", "ja", PART_II, OPEN_NATIONAL),
    ("kommune", "bygg_og_anlegg", 60_000_000, "delvis", "ja", None, PART_III, NEGOTIATION),
    ("kommune", "varer", 80_000, None, None, None, EXEMPT, "Vanlig kjøp utenfor anskaffelsesregelverket"),
    ("fylkeskommune", "tjenester", 1_300_000, "vet_ikke", None, "vet_ikke", PART_II, OPEN_NATIONAL),
    ("kommune", "saerlige_tjenester", 9_000_000, "ja", None, None, PART_IV,
     "Følg reglene for helse- og sosialtjenester og andre særlige tjenester i del IV"),
    ("kommune", "helse_sosial", 5_000_000, None, None, None, PART_I, DIRECT),
    ("stat", "varer", 5_000_000, "ja", "vet_ikke", "nei", PART_III, OPEN_TENDER),
]


@pytest.mark.parametrize("buyer, contract, value, exist, adapt, negotiate, part, expected", CASES)
def test_realistic_cases(buyer, contract, value, exist, adapt, negotiate, part, expected):
    buyer = "kommune" if buyer == "fylkeskommune" else buyer
    case = Case(buyer, contract, value, solutions_exist=exist, needs_adaptation=adapt, wants_negotiation=negotiate)
    result = recommend(case, today=TODAY)
    assert result.part == part
    assert result.recommended == expected
    assert result.text.splitlines()[-1].startswith("Kilde:")
    assert "(kontrollert " in result.text.splitlines()[-1]


def test_research_result_gives_pre_commercial_procurement():
    result = recommend(Case("kommune", "tjenester", 5_000_000, "nei", research_result="ja"), today=TODAY)
    assert result.recommended == PRE_COMMERCIAL and "§ 2-5" in result.why_text
    assert "ny konkurranse" in result.text and result.text.splitlines()[-1].startswith("Kilde:")


def test_research_result_below_the_eea_threshold_also_points_to_the_exemption():
    result = recommend(Case("kommune", "tjenester", 1_800_000, "nei", research_result="ja"), today=TODAY)
    assert result.recommended == PRE_COMMERCIAL and "del II" in result.text


def test_research_does_not_matter_when_solutions_exist_or_below_the_national_threshold():
    exists = Case("kommune", "tjenester", 5_000_000, "ja", "ja", "nei", "nei")
    assert recommend(exists, today=TODAY).recommended == OPEN_TENDER
    assert recommend(Case("kommune", "tjenester", 900_000, "nei", "ja"), today=TODAY).recommended == DIRECT


def test_negotiation_recommendation_names_13_2_and_alternatives():
    result = recommend(Case("kommune", "tjenester", 3_000_000, "ja", needs_adaptation="ja"), today=TODAY)
    assert "anskaffelsesforskriften § 13-2" in result.text
    assert COMPETITIVE_DIALOGUE in result.allowed
    assert "30 dager" in result.text and "Doffin og TED" in result.text
    assert "bevisbyrden" in result.why_text


def test_unknown_value_asks_for_an_estimate():
    result = recommend(Case("kommune", "tjenester", None), today=TODAY)
    assert result.part is None and "Anslå verdien" in result.recommended


def test_utilities_are_sent_to_the_procurement_office():
    result = recommend(Case("forsyning", "varer", 10_000_000, "ja", None, "ja", "ja"), today=TODAY)
    assert "forsyningsforskriften" in result.text


def test_questions_are_skipped_when_they_cannot_change_the_advice():
    base = {"buyer_type": "kommune", "contract_type": "varer"}
    assert questions_needed({**base, "estimated_value": 500_000}) == ["buyer_type", "contract_type", "estimated_value"]
    assert "needs_adaptation" not in questions_needed({**base, "estimated_value": 1_500_000})
    assert questions_needed({**base, "estimated_value": 3_000_000, "solutions_exist": "nei"})[-2:] == [
        "solutions_exist", "research_result"]
    assert questions_needed({**base, "estimated_value": 3_000_000})[-2:] == ["needs_adaptation", "wants_negotiation"]


def test_next_question_follows_the_order_and_stops_when_done():
    assert next_question({}) == "buyer_type"
    assert next_question({"buyer_type": "stat"}) == "contract_type"
    known = {"buyer_type": "kommune", "contract_type": "varer", "estimated_value": 500_000}
    assert next_question(known) is None
    assert next_question({**known, "estimated_value": "ukjent"}) == "solutions_exist"


AFTER = date(2026, 12, 2)


def test_wanting_to_negotiate_on_price_above_the_eea_threshold_gives_an_anbudskonkurranse():
    known = {"buyer_type": "kommune", "contract_type": "tjenester", "estimated_value": 4_000_000,
             "solutions_exist": "ja", "needs_adaptation": "nei", "wants_negotiation": "ja"}
    assert next_question(known) == "negotiation_ground"
    result = recommend(Case(**known, negotiation_ground="nei"), today=AFTER)
    assert result.recommended == OPEN_TENDER
    assert "§ 13-2" in result.text and "ikke tillatt" in result.text and "§ 13-2" in result.why_text
    with_ground = recommend(Case(**known, negotiation_ground="ja"), today=AFTER)
    assert with_ground.recommended == NEGOTIATION


def test_negotiation_below_the_eea_threshold_is_allowed_when_announced():
    result = recommend(Case("kommune", "tjenester", 2_000_000, "ja", wants_negotiation="ja"), today=AFTER)
    assert result.recommended == OPEN_NATIONAL and "kan dere forhandle" in result.text
    assert "negotiation_ground" not in questions_needed({"buyer_type": "kommune", "contract_type": "tjenester",
                                                         "estimated_value": 2_000_000, "wants_negotiation": "ja"})


def test_home_care_services_for_5_mill_are_part_i_only():
    result = recommend(Case("kommune", "helse_sosial", 5_000_000), today=AFTER)
    assert result.part == PART_I and "ingen kunngjøring etter del II" in result.text
    assert questions_needed({"buyer_type": "kommune", "contract_type": "helse_sosial",
                             "estimated_value": 5_000_000}) == ["buyer_type", "contract_type", "estimated_value"]


@pytest.mark.parametrize("value, before, after", [
    (499_999, DIRECT, "Vanlig kjøp utenfor anskaffelsesregelverket"),
    (500_000, DIRECT, DIRECT),
    (1_299_999, DIRECT, DIRECT),
    (1_300_000, OPEN_NATIONAL, OPEN_NATIONAL),
    (2_299_999, OPEN_NATIONAL, OPEN_NATIONAL),
    (2_300_000, OPEN_TENDER, OPEN_TENDER),
])
def test_boundaries_before_and_after_the_amendments(value, before, after):
    case = Case("kommune", "tjenester", value, "ja", needs_adaptation="nei", wants_negotiation="nei")
    assert recommend(case, today=date(2026, 6, 30)).recommended == before
    assert recommend(case, today=date(2026, 7, 1)).recommended == after
