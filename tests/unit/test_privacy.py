"""Masking of personal data before storage: identity numbers, phone numbers, e-mail addresses."""

import pytest

from advisor.privacy import EMAIL_MASK, NATIONAL_ID_MASK, PHONE_MASK, is_national_id, mask_personal_data

VALID_NATIONAL_ID = "01010750160"  # synthetic, with valid check digits


def test_check_digits_decide_what_is_a_national_id():
    assert is_national_id(VALID_NATIONAL_ID)
    assert not is_national_id("01010750161")
    assert not is_national_id("12345678901")
    assert not is_national_id("0101075016")


@pytest.mark.parametrize(
    "secret, mask",
    [
        (VALID_NATIONAL_ID, NATIONAL_ID_MASK),
        ("010107 50160", NATIONAL_ID_MASK),
        ("912 34 567", PHONE_MASK),
        ("91 23 45 67", PHONE_MASK),
        ("+47 91234567", PHONE_MASK),
        ("0047 22 33 44 55", PHONE_MASK),
        ("ola.nordmann@kommune.no", EMAIL_MASK),
        ("kari+innkjop@example.org", EMAIL_MASK),
    ],
)
def test_personal_data_is_masked(secret, mask):
    masked = mask_personal_data(f"hei, det gjelder {secret}, takk")
    assert masked == f"hei, det gjelder {mask}, takk"


@pytest.mark.parametrize(
    "text",
    [
        "vi skal kjøpe for 57 800 000 kr",
        "budsjett 1 300 000",
        "kontrakt på 12345678 kroner",
        "terskelen er 2,3 mill.",
        "§ 12-2 og § 13-1",
        "anskaffelsen i 2026",
        "12345678901",
    ],
)
def test_amounts_paragraphs_and_invalid_numbers_are_kept(text):
    assert mask_personal_data(text) == text
