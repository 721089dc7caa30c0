"""Which part of the procurement regulation applies on a given day.

The structure comes from knowledge/terskelverdier.yml, the amounts valid on the day from knowledge/regelverk.yml
(advisor/facts.py). Rules from shared/reference/regelverk-fakta.md, sections 0, 1.3 and 1.4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from advisor import facts
from advisor.amounts import format_nok
from advisor.knowledge import load_yaml
from advisor.understanding import (  # noqa: F401 (re-exported: the readers belong to understanding)
    HEALTH_AND_SOCIAL,
    OTHER_SPECIAL_SERVICES,
    mentions_thresholds,
    normalise_buyer_type,
    normalise_contract_type,
)

EXEMPT, PART_I, PART_II, PART_III, PART_IV, UTILITIES_UNDER, UTILITIES_OVER = (
    "unntatt", "del_I", "del_II", "del_III", "del_IV", "forsyning_under", "forsyning_over",
)
PART_NAMES = {
    PART_I: "loven og del I",
    PART_II: "del I og del II",
    PART_III: "del I og del III",
    PART_IV: "del I og del IV (helse- og sosialtjenester og andre særlige tjenester over EØS-terskelverdi)",
    UTILITIES_UNDER: "forsyningssektoren, under EØS-terskelverdi",
    UTILITIES_OVER: "forsyningsforskriften (over EØS-terskelverdi)",
}
def table() -> dict:
    return load_yaml("terskelverdier.yml")


def eea_fact_id(buyer_type: str | None, contract_type: str | None) -> str | None:
    """The fact id of the EØS threshold for the buyer and contract type (None when not verified)."""
    return table()["eea_thresholds"].get(buyer_type or "kommune", {}).get(contract_type or "", None)


def eea_threshold(buyer_type: str | None, contract_type: str | None, day: date | None = None) -> int | None:
    fact_id = eea_fact_id(buyer_type, contract_type)
    return facts.amount(fact_id, day) if fact_id else None


@dataclass(frozen=True)
class Applicability:
    part: str | None  # None when the value is unknown
    eea_threshold: int | None
    announcement: str
    facts_used: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def near(self, value: int | None) -> bool:
        """`value` lies so close to the EØS threshold that a 2026 adjustment may move it across (fact sheet 0.4)."""
        if value is None or self.eea_threshold is None or self.part not in (PART_II, PART_III, PART_IV,
                                                                            UTILITIES_UNDER, UTILITIES_OVER):
            return False
        band = table()["uncertain_band"]
        return self.eea_threshold * (1 - band["below"]) <= value < self.eea_threshold * (1 + band["above"])

    @property
    def part_name(self) -> str:
        return PART_NAMES.get(self.part or "", "ukjent")

    def stale(self, day: date | None = None) -> bool:
        day = day or facts.today()
        return any(facts.fact(fact_id, day).past_review(day) for fact_id in self.facts_used)


def applicable_part(
    value: int | None, buyer_type: str | None, contract_type: str | None, today: date | None = None
) -> Applicability:
    """Which part applies to a contract of `value` kr excl. VAT on `today`. At a threshold counts as over it.

    `facts_used` names only the facts the result rests on, so an answer below the national threshold does not
    carry the EØS thresholds' review warning."""
    day = today or facts.today()
    data = table()
    lower_id, national_id = data["lower_limit"], data["national_threshold"]
    # Without a contract type, use the goods/services threshold (the common case) and say so in the answer.
    threshold_id = eea_fact_id(buyer_type, contract_type or "tjenester")
    threshold = facts.amount(threshold_id, day) if threshold_id else None
    everything = tuple(filter(None, [lower_id, national_id, threshold_id]))
    if value is None:
        known = eea_threshold(buyer_type, contract_type, day) if contract_type else None
        return Applicability(None, known, "avhenger av verdien", everything)
    if buyer_type == "forsyning":
        if threshold is None:
            return Applicability(None, None, "ikke avklart", everything,
                                 ["Terskelverdien for denne kontraktstypen i forsyningssektoren er ikke kontrollert."])
        over = value >= threshold
        return Applicability(UTILITIES_OVER if over else UTILITIES_UNDER, threshold,
                             "Doffin og TED" if over else "se forsyningsforskriften", (threshold_id,))
    if value < facts.amount(lower_id, day):
        return Applicability(EXEMPT, threshold, "ingen", (lower_id,))
    if contract_type == HEALTH_AND_SOCIAL:
        # Health and social services: only the Act and part I below their EØS threshold, part IV above it.
        if value < threshold:
            return Applicability(PART_I, threshold, "ingen kunngjøringsplikt etter del II", (lower_id, threshold_id))
        return Applicability(PART_IV, threshold, "se reglene i del IV", (threshold_id,))
    if value < facts.amount(national_id, day):
        return Applicability(PART_I, threshold, "ingen kunngjøringsplikt", (lower_id, national_id))
    if value < threshold:
        return Applicability(PART_II, threshold, "Doffin", (national_id, threshold_id))
    if contract_type == OTHER_SPECIAL_SERVICES:
        return Applicability(PART_IV, threshold, "se reglene i del IV", (threshold_id,))
    return Applicability(PART_III, threshold, "Doffin og TED", (threshold_id,))


def source_line(fact_ids, day: date | None = None) -> str:
    return facts.source_line(list(fact_ids), sources=table()["sources"], day=day)


def threshold_sources(day: date | None = None) -> str:
    """The sources every threshold answer rests on, with their check date («hvorfor?» after a threshold answer)."""
    data = table()
    used = [data["lower_limit"], data["national_threshold"], *data["eea_thresholds"]["kommune"].values()]
    used = list(dict.fromkeys(fact_id for fact_id in used if fact_id))
    return "\n".join([*reservation_lines(used, day), source_line(used, day)])


def reservation_lines(fact_ids, day: date | None = None) -> list[str]:
    """Warnings for facts past their review date, saying why they may have changed."""
    return facts.reservations(list(fact_ids), day)


def lower_limit_history(value: int | None, day: date) -> str | None:
    """A sentence on how the lower limit changed, when the change matters for `value` (or for an overview)."""
    fact_id = table()["lower_limit"]
    current = facts.fact(fact_id, day)
    versions = facts.history(fact_id)
    earlier = [version for version in versions if version.valid_to and version.valid_to < day]
    later = [version for version in versions if version.valid_from > day]
    if earlier:
        previous = earlier[-1]
        if value is None or previous.value <= value < current.value:
            return (f"Grensen ble hevet fra {previous.display} til {current.display} fra "
                    f"{facts.long_date(current.valid_from)}. Fram til {facts.long_date(previous.valid_to)} "
                    f"gjaldt {previous.display}.")
    if later:
        upcoming = later[0]
        if value is None or current.value <= value < upcoming.value:
            return (f"Merk: Fra {facts.long_date(upcoming.valid_from)} heves grensen til {upcoming.display} "
                    "(vedtatt av Stortinget).")
    return None


def _overview(buyer_type: str | None, contract_type: str | None, day: date) -> tuple[list[str], list[str]]:
    data = table()
    lower, national = facts.fact(data["lower_limit"], day), facts.fact(data["national_threshold"], day)
    used = [lower.fact_id, national.fact_id]
    lines = [
        f"- Nedre grense: {lower.stated()}. Under den gjelder verken anskaffelsesloven eller -forskriften.",
        f"- Nasjonal terskelverdi: {national.stated()}. Fra nedre grense og opp til den gjelder loven og del I.",
    ]
    buyers = [buyer_type] if buyer_type else ["kommune", "stat", "forsyning"]
    contracts = [contract_type] if contract_type else ["varer", "tjenester", "bygg_og_anlegg", HEALTH_AND_SOCIAL]
    period = facts.fact(data["eea_period"], day).display
    for buyer in buyers:
        parts = []
        for contract in contracts:
            fact_id = data["eea_thresholds"][buyer].get(contract)
            label = data["contract_types"][contract]
            if fact_id:
                used.append(fact_id)
                parts.append(f"{label} {facts.fact(fact_id, day).stated()}")
            else:
                parts.append(f"{label}: ikke kontrollert")
        lines.append(f"- EØS-terskelverdi ({period}) for {data['buyer_types'][buyer]}: " + "; ".join(parts) + ".")
    return lines, list(dict.fromkeys(used))


def _part_explanation(result: Applicability, buyer_label: str, contract_type: str | None) -> str | None:
    threshold = format_nok(result.eea_threshold) if result.eea_threshold else ""
    if result.part == PART_I and contract_type == HEALTH_AND_SOCIAL:
        return (f"Helse- og sosialtjenester under EØS-terskelverdien ({threshold}) følger bare loven og del I: "
                "ingen kunngjøring etter del II og ingen faste prosedyreregler, men de grunnleggende kravene og "
                "kap. 7 (blant annet dokumentasjonsplikt) gjelder.")
    texts = {
        PART_I: "Ingen faste prosedyreregler og ingen kunngjøringsplikt, men de grunnleggende kravene og kap. 7 "
                "(blant annet dokumentasjonsplikt) gjelder.",
        PART_II: f"Verdien er under EØS-terskelverdien på {threshold} for {buyer_label}. Kunngjør på Doffin; "
                 "prosedyren er åpen eller begrenset tilbudskonkurranse, og dere kan forhandle når kunngjøringen "
                 "eller konkurransegrunnlaget sier det.",
        PART_III: f"Verdien er på eller over EØS-terskelverdien på {threshold} for {buyer_label}. Kunngjør på "
                  "Doffin og TED og følg prosedyrene i del III.",
        PART_IV: f"Verdien er på eller over EØS-terskelverdien for helse- og sosialtjenester og andre særlige "
                 f"tjenester ({threshold}). Reglene i del IV gjelder; sjekk kunngjøringsreglene på anskaffelser.no.",
        UTILITIES_OVER: f"Verdien er på eller over EØS-terskelverdien i forsyningssektoren ({threshold}). "
                        "Forsyningsforskriften gjelder.",
        UTILITIES_UNDER: f"Verdien er under EØS-terskelverdien i forsyningssektoren ({threshold}). Sjekk med "
                         "innkjøpsavdelingen hvilke regler som gjelder.",
    }
    return texts.get(result.part or "")


def _value_lines(value: int, buyer_type: str | None, contract_type: str | None, result: Applicability,
                 day: date) -> list[str]:
    data = table()
    lines: list[str] = []
    buyer_label = data["buyer_types"].get(buyer_type or "kommune")
    if buyer_type is None and result.part in (PART_II, PART_III, PART_IV):
        lines.append("Jeg regner med at dere er en kommune eller en annen ikke-statlig oppdragsgiver.")
    if result.part == EXEMPT:
        lower = facts.fact(data["lower_limit"], day)
        lines.append(f"For {format_nok(value)} uten mva. gjelder **ikke anskaffelsesregelverket** "
                     f"(nedre grense {lower.stated()}).")
        lines.append("Loven og forskriften gjelder ikke under nedre grense, men dere må opptre forretningsmessig: "
                     "sammenlign gjerne noen tilbud for å få en god pris.")
    else:
        lines.append(f"For {format_nok(value)} uten mva. gjelder **{result.part_name}**.")
    explanation = _part_explanation(result, buyer_label, contract_type)
    if result.near(value):
        lines[-1] = f"For {format_nok(value)} uten mva. kan det være **del II eller del III**."
        explanation = near_threshold_line(result.eea_threshold)
    if explanation:
        lines.append(explanation)
    history_line = lower_limit_history(value, day)
    if history_line:
        lines.append(history_line)
    if contract_type is None and result.part in (PART_II, PART_III):
        building = eea_threshold(buyer_type, "bygg_og_anlegg", day)
        lines.append(
            f"Jeg har brukt terskelen for varer og tjenester; for bygg og anlegg er den {format_nok(building)}."
        )
    return lines


def _facts_shown(value: int, buyer_type: str | None, contract_type: str | None, result: Applicability) -> list[str]:
    used = list(result.facts_used)
    if contract_type is None and result.part in (PART_II, PART_III):
        used.append(eea_fact_id(buyer_type, "bygg_og_anlegg"))
    return used


# Said in every threshold answer (fact sheet 0.4, FOA § 5-4): the value is the whole contract, never split up.
SPLITTING_LINE = ("Verdien er den samlede anslåtte verdien uten mva. for hele kontraktsperioden, med opsjoner og "
                  "forlengelser. Det er ikke lov å dele opp en anskaffelse for å komme under en grense.")


def near_threshold_line(threshold: int) -> str:
    """Near an EØS threshold: no firm part II / part III conclusion (fact sheet 0.4)."""
    return (f"Verdien ligger nær EØS-terskelverdien ({format_nok(threshold)}). Tersklene i kroner kan være justert i "
            "2026, så jeg kan ikke si sikkert om del II eller del III gjelder. Sjekk gjeldende beløp på "
            "anskaffelser.no/terskelverdier før dere velger.")


def answer_threshold_question(
    value: int | None, buyer_type: str | None, contract_type: str | None, today: date | None = None,
    notes: list[str] | None = None,
) -> str:
    """Norwegian answer: which rules apply to `value`, or the relevant thresholds when no value is given.
    `notes` (about the case: a start before a change in the law, a value near a threshold) come before the
    sources."""
    day = today or facts.today()
    result = applicable_part(value, buyer_type, contract_type, day)
    if value is None or result.part is None:
        lines = [f"For {format_nok(value)} uten mva.:", *result.notes] if value is not None else \
            ["Terskelverdiene (uten mva.):"]
        overview, used = _overview(buyer_type, contract_type, day)
        lines.extend(overview)
        history_line = lower_limit_history(None, day)
        if history_line:
            lines.append(history_line)
        if value is None:
            lines.append("Skriv gjerne hva dere kjøper og verdien, for eksempel «kommune, tjenester, 3 mill», "
                         "så sier jeg hvilke regler som gjelder.")
    else:
        lines = _value_lines(value, buyer_type, contract_type, result, day)
        used = _facts_shown(value, buyer_type, contract_type, result)
    lines.append(SPLITTING_LINE)
    lines.extend(notes or [])
    lines.extend(reservation_lines(used, day))
    lines.append(f"Les mer: {table()['url']}")
    lines.append(source_line(used, day))
    return "\n".join(lines)
