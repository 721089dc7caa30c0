"""Dated legal facts from knowledge/regelverk.yml: the version valid on a day, its display, source and check date.

Answers never hold amounts or check dates themselves; they name facts as placeholders («{nedre_grense}») and
get the value valid today, plus a «Kilde:» line built from the facts and sources they used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

from advisor.amounts import format_nok
from advisor.knowledge import load_merged

TODAY_VARIABLE = "ANSKAFFELSESLOSEN_TODAY"
STATED_AS_FACT = ("HØY", "MIDDELS-HØY")
STATED_WITH_RESERVATION = ("MIDDELS",)
NEVER_STATED = ("LAV", "UVERIFISERT")
_CONFIDENCE_ORDER = {"UVERIFISERT": 0, "LAV": 1, "MIDDELS": 2, "MIDDELS-HØY": 3, "HØY": 4}
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


class UnknownFact(KeyError):
    """A placeholder names a fact that is not in knowledge/regelverk.yml, or has no version for the day."""


def today() -> date:
    """The day answers are given for: the clock, or ANSKAFFELSESLOSEN_TODAY=YYYY-MM-DD (tests, demos)."""
    override = os.environ.get(TODAY_VARIABLE, "").strip()
    return date.fromisoformat(override) if override else date.today()


def checked_label(checked: str) -> str:
    """«2026-12» → «desember 2026»."""
    year, month = str(checked).split("-")[:2]
    return f"{MONTHS[int(month) - 1]} {year}"


def _month_key(checked: str) -> tuple[int, int]:
    year, month = str(checked).split("-")[:2]
    return int(year), int(month)


@dataclass(frozen=True)
class FactVersion:
    fact_id: str
    label: str
    kind: str
    value: object
    valid_from: date
    valid_to: date | None
    source: str
    url: str
    checked: str
    confidence: str
    review_by: date
    period: str | None = None
    note: str | None = None
    attribution: str | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def past_review(self, day: date) -> bool:
        return day > self.review_by

    @property
    def stateable(self) -> bool:
        return self.confidence not in NEVER_STATED

    @property
    def display(self) -> str:
        """The value as a user reads it: «500 000 kr», «1,3 mill. kr», «1. juli 2026»."""
        if self.kind == "amount":
            return format_nok(int(self.value))
        return str(self.value)

    def stated(self) -> str:
        """The value as an answer states it: MIDDELS facts are attributed («… (ifølge anskaffelser.no)»)."""
        if self.confidence in STATED_WITH_RESERVATION:
            return f"{self.display} ({self.attribution or 'ifølge ' + self.source})"
        return self.display


def _versions(fact_id: str, raw: dict) -> list[FactVersion]:
    versions = []
    for item in raw["versions"]:
        versions.append(FactVersion(
            fact_id=fact_id, label=raw["label"], kind=raw.get("kind", "text"), value=item["value"],
            valid_from=item["valid_from"], valid_to=item.get("valid_to"), source=item["source"], url=item["url"],
            checked=str(item["checked"]), confidence=item["confidence"], review_by=item["review_by"],
            period=item.get("period"), note=(item.get("note") or "").strip() or None,
            attribution=item.get("attribution"),
        ))
    return sorted(versions, key=lambda version: version.valid_from)


def all_facts() -> dict[str, list[FactVersion]]:
    """Every fact id with its versions, oldest first."""
    raw = load_merged("regelverk.yml", "facts", "facts")
    return {fact_id: _versions(fact_id, item) for fact_id, item in raw.items()}


def history(fact_id: str) -> list[FactVersion]:
    facts = all_facts()
    if fact_id not in facts:
        raise UnknownFact(fact_id)
    return facts[fact_id]


PREVIOUS_SUFFIX = "_forrige"  # «{nedre_grense_forrige}»: the version before the one valid on the day
SINCE_SUFFIX = "_fra"  # «{nedre_grense_fra}»: the day the version valid on the day took effect («1. juli 2026»)


def fact(fact_id: str, day: date | None = None) -> FactVersion:
    """The version of `fact_id` valid on `day` (default: today); «<id>_forrige» gives the version before it."""
    day = day or today()
    if fact_id.endswith(PREVIOUS_SUFFIX) and fact_id not in all_facts():
        current = fact(fact_id[: -len(PREVIOUS_SUFFIX)], day)
        earlier = [version for version in history(current.fact_id) if version.valid_from < current.valid_from]
        if not earlier:
            raise UnknownFact(f"{fact_id}: no earlier version on {day.isoformat()}")
        return earlier[-1]
    for version in reversed(history(fact_id)):
        if version.valid_on(day):
            return version
    raise UnknownFact(f"{fact_id} has no version valid on {day.isoformat()}")


def amount(fact_id: str, day: date | None = None) -> int:
    return int(fact(fact_id, day).value)


def placeholders(text: str) -> list[str]:
    """Fact ids named in a text, in order, without repeats («{kilde}» is not a fact)."""
    return [name for name in dict.fromkeys(PLACEHOLDER.findall(text)) if name != "kilde"]


def values_for(fact_ids: list[str], day: date | None = None) -> dict[str, str]:
    """Placeholder values for the facts, as stated on `day`. Refuses facts that may never be stated."""
    values = {}
    for fact_id in fact_ids:
        if fact_id.endswith(SINCE_SUFFIX) and fact_id not in all_facts():
            values[fact_id] = long_date(fact(fact_id[: -len(SINCE_SUFFIX)], day).valid_from)
            continue
        version = fact(fact_id, day)
        if not version.stateable:
            raise UnknownFact(f"{fact_id} is {version.confidence} and may not be stated as a fact")
        values[fact_id] = version.stated()
    return values


def _current_only(fact_ids: list[str]) -> list[str]:
    """History placeholders («…_forrige») neither date nor warn: the answer rests on the current version."""
    current = []
    for fact_id in fact_ids:
        if fact_id.endswith(SINCE_SUFFIX) and fact_id not in all_facts():
            fact_id = fact_id[: -len(SINCE_SUFFIX)]
        if not fact_id.endswith(PREVIOUS_SUFFIX):
            current.append(fact_id)
    return list(dict.fromkeys(current))


def long_date(day: date) -> str:
    """«1. juli 2026»."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def oldest_check(checks: list[str]) -> str | None:
    return min(checks, key=_month_key) if checks else None


def reservations(fact_ids: list[str], day: date | None = None) -> list[str]:
    """Notes the answer must carry: facts past their review date, with why they may have changed."""
    day = day or today()
    fact_ids = _current_only(fact_ids)
    notes: list[str] = []
    stale = [fact(fact_id, day) for fact_id in fact_ids if fact(fact_id, day).past_review(day)]
    for version in stale:
        text = version.note or f"{version.label} skulle vært kontrollert på nytt innen {version.review_by:%d.%m.%Y}."
        if text not in notes:
            notes.append(text)
    if stale:
        urls = list(dict.fromkeys(version.url for version in stale))
        notes.append("Sjekk gjeldende tall på " + " og ".join(urls) + ".")
    return ["⚠️ " + " ".join(notes)] if notes else []


def source_line(fact_ids: list[str], sources: str | None = None, checked: str | None = None,
                day: date | None = None) -> str:
    """«Kilde: <own sources>; <fact sources> (kontrollert <oldest check>).»"""
    day = day or today()
    versions = [fact(fact_id, day) for fact_id in _current_only(fact_ids)]
    parts = [part.strip() for part in (sources or "").split(";") if part.strip()]
    for version in versions:
        for part in version.source.split(";"):
            parts.append(part.strip())
    # «anskaffelsesloven § 2» is dropped when «anskaffelsesloven § 2 (endret …)» is also named.
    parts = [part for part in dict.fromkeys(parts)
             if part and not any(other != part and other.startswith(part) for other in parts)]
    checks = [version.checked for version in versions] + ([checked] if checked else [])
    when = oldest_check(checks)
    suffix = f" (kontrollert {checked_label(when)})" if when else ""
    return f"Kilde: {'; '.join(parts)}{suffix}."


def fill(text: str, day: date | None = None, extra: dict[str, str] | None = None) -> str:
    """Python-side rendering of a text with fact placeholders (the same result Rasa's templating gives)."""
    values = {**values_for(placeholders(text), day), **(extra or {})}
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


@dataclass(frozen=True)
class ReviewItem:
    version: FactVersion
    current: bool
    overdue: bool


def review_list(day: date | None = None) -> list[ReviewItem]:
    """Every fact version, most urgent first: current and overdue, then unverified, then by review date."""
    day = day or today()
    items = []
    for versions in all_facts().values():
        for version in versions:
            current = version.valid_on(day)
            items.append(ReviewItem(version, current, current and version.past_review(day)))
    return sorted(items, key=lambda item: (
        not item.current, not item.overdue, _CONFIDENCE_ORDER.get(item.version.confidence, 0),
        item.version.review_by, item.version.fact_id,
    ))


def review_rows(day: date) -> list[dict[str, str]]:
    """The review list as rows of Norwegian column names → text (shared with make report)."""
    rows = []
    for item in review_list(day):
        version = item.version
        if item.overdue:
            status = f"FORFALT (skulle vært kontrollert innen {version.review_by:%d.%m.%Y})"
        elif not item.current:
            status = "historikk" if version.valid_to and version.valid_to < day else "kommende"
        elif not version.stateable:
            status = "UVERIFISERT – sies ikke som fakta"
        else:
            status = f"ok til {version.review_by:%d.%m.%Y}"
        rows.append({
            "faktum": version.fact_id, "beskrivelse": version.label, "verdi": version.display,
            "gjelder_fra": f"{version.valid_from:%d.%m.%Y}",
            "gjelder_til": f"{version.valid_to:%d.%m.%Y}" if version.valid_to else "",
            "kontrollert": checked_label(version.checked), "sikkerhet": version.confidence,
            "status": status, "kilde": version.source, "lenke": version.url,
        })
    return rows
