"""Norwegian amounts in free text: «3 mill», «1,4 millioner», «500 000 kr», «80k», «2,3 MNOK»."""

from __future__ import annotations

import re

_NUMBER_WORDS = {
    "en": 1, "én": 1, "ein": 1, "ei": 1, "ett": 1, "eitt": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    "seks": 6, "sju": 7, "syv": 7, "atte": 8, "åtte": 8, "ni": 9, "ti": 10, "halv": 0.5, "en halv": 0.5,
}
# Multipliers; «k» and «tusen» are thousands, everything starting «mill»/«mnok» is millions.
_MILLION = r"(?:mill(?:ion(?:er|ar)?)?\.?|mnok|mkr|millionar)"
_THOUSAND = r"(?:k|tusen|tusenlapp(?:er)?)"
_NUMBER = r"\d{1,3}(?:[  .]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"

_WITH_UNIT = re.compile(
    rf"(?<![\w,.])(?P<number>{_NUMBER})\s*(?P<unit>{_MILLION}|{_THOUSAND})(?![\w])", re.IGNORECASE
)
_WORD_WITH_UNIT = re.compile(
    r"(?<![\w])(?P<word>en halv|halv|en|én|ein|ei|ett|eitt|to|tre|fire|fem|seks|sju|syv|åtte|atte|ni|ti)\s+"
    rf"(?P<unit>{_MILLION}|{_THOUSAND})(?![\w])",
    re.IGNORECASE,
)
_PLAIN = re.compile(
    rf"(?:(?<![\w,.])kr\.?\s*)?(?<![\w,.§-])(?P<number>{_NUMBER})(?P<currency>\s*(?:kr\.?|kroner|nok|,-))?(?![\w-])",
    re.IGNORECASE,
)


_STANDARD_BEFORE = re.compile(r"\b(?:iso|ns|en|nek|nou|art|artikkel|kap|nr|forordning|direktiv)\.?\s*$",
                              re.IGNORECASE)


def _to_float(number: str) -> float:
    """«1 300 000» → 1300000, «1,4» → 1.4, «1.4» → 1.4, «500.000» → 500000."""
    compact = number.replace("\u00a0", " ").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact):
        compact = compact.replace(".", "")
    return float(compact.replace(",", "."))


def _multiplier(unit: str) -> int:
    return 1_000 if re.fullmatch(_THOUSAND, unit, re.IGNORECASE) else 1_000_000


def parse_amount(text: str) -> int | None:
    """The first amount in kroner found in the text, or None.

    A bare number under 10 000 without «kr» or a multiplier is not taken as an amount (years, «NS 8407»,
    counts), nor are paragraph numbers such as «§ 13-2».
    """
    if not text:
        return None
    match = _WITH_UNIT.search(text)
    if match:
        return round(_to_float(match.group("number")) * _multiplier(match.group("unit")))
    match = _WORD_WITH_UNIT.search(text)
    if match:
        return round(_NUMBER_WORDS[match.group("word").lower()] * _multiplier(match.group("unit")))
    for match in _PLAIN.finditer(text):
        value = _to_float(match.group("number"))
        has_currency = bool(match.group("currency")) or match.group(0).lower().startswith("kr")
        if not has_currency and value < 10_000:
            continue  # small numbers, years and standards («NS 8407») are not amounts unless marked as kroner
        if not has_currency and _STANDARD_BEFORE.search(text[:match.start()]):
            continue  # «ISO 27001», «NS 3420», «EN 301 549», «art. 28» name a standard or article, not kroner
        return round(value)
    return None


def format_nok(amount: int) -> str:
    """«1,3 mill. kr», «57,8 mill. kr», «2 mill. kr», «500 000 kr»."""
    if amount >= 1_000_000:
        millions = f"{amount / 1_000_000:.3f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{millions} mill. kr"
    return f"{amount:,}".replace(",", " ") + " kr"
