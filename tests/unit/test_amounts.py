"""Norwegian amounts in free text."""

import pytest

from advisor.amounts import format_nok, parse_amount


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3 mill", 3_000_000), ("3 mill.", 3_000_000), ("1,4 millioner", 1_400_000), ("1.4 mill", 1_400_000),
        ("500 000 kr", 500_000), ("500.000", 500_000), ("500 000,-", 500_000), ("80k", 80_000),
        ("80 000 kroner", 80_000), ("2,3 MNOK", 2_300_000), ("2,3 mnok", 2_300_000),
        ("1,3 millionar", 1_300_000), ("en million", 1_000_000), ("to millioner", 2_000_000),
        ("halv million", 500_000), ("300 tusen", 300_000), ("57,8 mill", 57_800_000),
        ("1 299 999", 1_299_999), ("kr 100 000", 100_000), ("99 999", 99_999),
        ("vi skal kjøpe tjenester for 3 mill, hva gjelder", 3_000_000),
        ("nei vent, det er 2 millioner", 2_000_000), ("anslått 4 mill eks mva", 4_000_000),
    ],
)
def test_amounts_are_parsed(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text", ["", "hei", "i 2024", "§ 13-2", "vi er 3 personer", "del II", "hva er terskelverdien"]
)
def test_texts_without_amounts(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "amount, expected",
    [(1_300_000, "1,3 mill. kr"), (57_800_000, "57,8 mill. kr"), (2_000_000, "2 mill. kr"),
     (1_490_000, "1,49 mill. kr"), (500_000, "500 000 kr"), (99_999, "99 999 kr")],
)
def test_format_nok(amount, expected):
    assert format_nok(amount) == expected
