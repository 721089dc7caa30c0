"""Which part of the regulation applies: every boundary, every buyer and contract type."""

from datetime import date

import pytest
import yaml

from advisor.knowledge import knowledge_dir
from advisor.thresholds import (
    EXEMPT,
    PART_I,
    PART_II,
    PART_III,
    PART_IV,
    UTILITIES_OVER,
    UTILITIES_UNDER,
    answer_threshold_question,
    applicable_part,
    normalise_buyer_type,
    normalise_contract_type,
)

BEFORE_REVIEW = date(2026, 2, 1)  # before the EØS figures' review date and before the amendments
AFTER_REVIEW = date(2026, 11, 23)

EEA = {
    ("kommune", "varer"): 2_300_000, ("kommune", "tjenester"): 2_300_000,
    ("kommune", "bygg_og_anlegg"): 57_800_000, ("stat", "varer"): 1_490_000,
    ("stat", "tjenester"): 1_490_000, ("stat", "bygg_og_anlegg"): 57_800_000,
}


def part(value, buyer="kommune", contract="tjenester"):
    return applicable_part(value, buyer, contract, BEFORE_REVIEW).part


def test_table_names_facts_for_every_buyer_and_contract_type():
    from advisor.facts import all_facts

    data = yaml.safe_load((knowledge_dir() / "terskelverdier.yml").read_text(encoding="utf-8"))
    assert data["url"].startswith("https://") and data["lower_limit"] in all_facts()
    for buyer in ("kommune", "stat", "forsyning"):
        assert set(data["eea_thresholds"][buyer]) == {"varer", "tjenester", "bygg_og_anlegg", "helse_sosial",
                                                      "saerlige_tjenester"}
        assert all(fact_id in all_facts() for fact_id in data["eea_thresholds"][buyer].values() if fact_id)


@pytest.mark.parametrize(
    "value, expected", [(99_999, EXEMPT), (100_000, PART_I), (1_299_999, PART_I), (1_300_000, PART_II)]
)
def test_lower_limit_and_national_threshold(value, expected):
    assert part(value) == expected


@pytest.mark.parametrize(("buyer", "contract"), list(EEA))
def test_just_under_and_at_each_eea_threshold(buyer, contract):
    threshold = EEA[(buyer, contract)]
    assert part(threshold - 1, buyer, contract) == PART_II
    assert part(threshold, buyer, contract) == PART_III


def test_special_services_threshold_leads_to_part_iv():
    assert part(7_799_999, "kommune", "saerlige_tjenester") == PART_II
    assert part(7_800_000, "kommune", "saerlige_tjenester") == PART_IV


def test_utilities_use_their_own_threshold():
    assert part(4_599_999, "forsyning", "varer") == UTILITIES_UNDER
    assert part(4_600_000, "forsyning", "varer") == UTILITIES_OVER
    assert part(57_800_000, "forsyning", "bygg_og_anlegg") == UTILITIES_OVER


def test_unknown_contract_type_uses_goods_and_services_threshold():
    assert part(2_299_999, "kommune", None) == PART_II
    assert part(2_300_000, None, None) == PART_III


def test_unknown_value_gives_no_part():
    assert applicable_part(None, "kommune", "varer", BEFORE_REVIEW).part is None


@pytest.mark.parametrize(
    "text, expected",
    [("kommunen", "kommune"), ("fylkeskommunen", "kommune"), ("kommunar", "kommune"), ("staten", "stat"),
     ("statlig etat", "stat"), ("direktoratet", "stat"), ("forsyningssektoren", "forsyning"),
     ("helseforetaket", "kommune"), ("sykehuset", "kommune"), ("hei", None)],
)
def test_buyer_types(text, expected):
    assert normalise_buyer_type(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("tjenester", "tjenester"), ("tenester", "tjenester"), ("konsulenttjenester", "tjenester"),
     ("varer", "varer"), ("bygg og anlegg", "bygg_og_anlegg"), ("byggeprosjekt", "bygg_og_anlegg"),
     ("helse- og sosialtjenester", "helse_sosial"), ("særlige tjenester", "saerlige_tjenester"),
     ("saerlige tjenester", "saerlige_tjenester"), ("omsorgstjenester", "helse_sosial"),
     ("hjemmetjenester", "helse_sosial"), ("heimetenester", "helse_sosial"), ("hei", None)],
)
def test_contract_types(text, expected):
    assert normalise_contract_type(text) == expected


@pytest.mark.parametrize("value", [None, 50_000, 500_000, 1_400_000, 3_000_000, 60_000_000])
def test_every_answer_is_sourced_and_dated(value):
    answer = answer_threshold_question(value, "kommune", "tjenester", AFTER_REVIEW)
    last_line = answer.splitlines()[-1]
    assert last_line.startswith("Kilde:") and "(kontrollert " in last_line
    assert "anskaffelser.no" in answer
    assert "foreslår" not in answer and "Prop. 147 L foreslår" not in answer


def test_answer_for_a_value_names_the_part_and_threshold():
    answer = answer_threshold_question(3_000_000, "kommune", "tjenester", BEFORE_REVIEW)
    assert "del III" in answer and "2,3 mill. kr" in answer and "Doffin og TED" in answer
    assert "del I og del II" in answer_threshold_question(1_400_000, "stat", "tjenester", BEFORE_REVIEW)


def test_overview_separates_the_lower_limit_from_the_national_threshold():
    answer = answer_threshold_question(None, None, None, AFTER_REVIEW)
    assert "Nedre grense: 500 000 kr" in answer and "Nasjonal terskelverdi: 1,3 mill. kr" in answer
    assert "Fram til 30. juni 2026 gjaldt 100 000 kr" in answer


def test_eea_figures_past_their_review_date_say_they_may_have_changed():
    before = answer_threshold_question(3_000_000, "kommune", "varer", BEFORE_REVIEW)
    after = answer_threshold_question(3_000_000, "kommune", "varer", AFTER_REVIEW)
    assert "kan derfor være justert" not in before
    assert "kan derfor være justert i 2026" in after and "2024–2026" in after
    assert "anskaffelser.no/avtaler-og-regelverk/terskelverdier" in after


def test_below_the_lower_limit_says_the_regulation_does_not_apply():
    answer = answer_threshold_question(80_000, None, None, BEFORE_REVIEW)
    assert answer.splitlines()[0] == (
        "For 80 000 kr uten mva. gjelder **ikke anskaffelsesregelverket** (nedre grense 100 000 kr)."
    )


def test_missing_contract_type_names_the_building_threshold_from_the_table():
    answer = answer_threshold_question(2_000_000, "stat", None, BEFORE_REVIEW)
    assert "for bygg og anlegg er den 57,8 mill. kr" in answer and "1,49 mill. kr" in answer
