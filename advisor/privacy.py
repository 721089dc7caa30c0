"""Masks personal data users sometimes type, before anything is stored or logged.

Masked: Norwegian national identity numbers (11 digits with valid check digits), Norwegian
phone numbers and e-mail addresses. Amounts such as «57 800 000 kr» are left alone: phone
numbers are only recognised in the groupings people write them in.
"""

from __future__ import annotations

import re

NATIONAL_ID_MASK = "[fødselsnummer fjernet]"
PHONE_MASK = "[telefonnummer fjernet]"
EMAIL_MASK = "[e-post fjernet]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_ELEVEN_DIGITS = re.compile(r"(?<![\d])(\d{6})\s?(\d{5})(?![\d])")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)47[\s-]?)?"
    r"(?:[2-9]\d(?:[\s-]?\d{2}){3}|[2-9]\d{2}[\s-]?\d{2}[\s-]?\d{3})"
    r"(?![\d])(?!\s*(?:kr|kroner|nok|,-|mill|%))",
    re.IGNORECASE,
)
_FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 11:
        return 0
    return None if remainder == 10 else remainder


def is_national_id(number: str) -> bool:
    """True for 11 digits whose two control digits are valid (fødselsnummer or D-nummer)."""
    if not re.fullmatch(r"\d{11}", number):
        return False
    digits = [int(c) for c in number]
    first = _check_digit(digits[:9], _FIRST_WEIGHTS)
    if first is None or first != digits[9]:
        return False
    second = _check_digit(digits[:10], _SECOND_WEIGHTS)
    return second is not None and second == digits[10]


def mask_personal_data(text: str) -> str:
    """The text with national identity numbers, e-mail addresses and phone numbers replaced."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _ELEVEN_DIGITS.sub(
        lambda m: NATIONAL_ID_MASK if is_national_id(m.group(1) + m.group(2)) else m.group(0), text
    )
    return _PHONE.sub(PHONE_MASK, text)
