"""Which part of the procurement regulation applies, from knowledge/terskelverdier.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from advisor.amounts import format_nok
from advisor.knowledge import load_yaml
from advisor.text import fold_spelling

EXEMPT, PART_I, PART_II, PART_III, PART_IV, UTILITIES_UNDER, UTILITIES_OVER = (
    "unntatt", "del_I", "del_II", "del_III", "del_IV", "forsyning_under", "forsyning_over",
)
PART_NAMES = {
    PART_I: "del I",
    PART_II: "del I og del II",
    PART_III: "del I og del III",
    PART_IV: "del I og del IV (særlige tjenester over EØS-terskelverdi)",
    UTILITIES_UNDER: "forsyningssektoren, under EØS-terskelverdi",
    UTILITIES_OVER: "forsyningsforskriften (over EØS-terskelverdi)",
}

# Patterns on folded text (å→a, ø→o, æ→e), so «tenester», «tjenester» and «tjenaster» all match.
_BUYER_PATTERNS = (
    ("forsyning", r"forsyning|energiverk|vannverk|kraftselskap|havn|kollektivselskap"),
    ("stat", r"\bstat|direktorat|departement|etat\b|universitet|helseforetak|sykehus"),
    ("kommune", r"kommun|fylke|bydel|interkommunal"),
)
_CONTRACT_PATTERNS = (
    ("saerlige_tjenester", r"serlig|helse- og sosial|helse og sosial|sosialtjenest|omsorgstjenest|"
                           r"omsorgstenest|helsetjenest|helsetenest|barnevern"),
    ("bygg_og_anlegg", r"bygg|anlegg|entrepris|rehabilitering av|skolebygg|vei\b|veg\b"),
    ("varer", r"\bvare|\bvarer|utstyr|produkt|mobler|leveranse av"),
    ("tjenester", r"tjenest|tenest|tjeneste|konsulent|system|programvare|lisens|drift|rad(giving|gjeving)"),
)


def _match(patterns, text: str | None) -> str | None:
    if not text:
        return None
    folded = fold_spelling(text)
    for key, pattern in patterns:
        if key == folded.replace(" ", "_") or re.search(pattern, folded):
            return key
    return None


def normalise_buyer_type(text: str | None) -> str | None:
    """«kommunen», «fylkeskommune», «statlig etat», «forsyningssektoren» → kommune / stat / forsyning."""
    return _match(_BUYER_PATTERNS, text)


def normalise_contract_type(text: str | None) -> str | None:
    """«tjenester», «tenester», «bygg og anlegg», «omsorgstjenester» → tjenester / bygg_og_anlegg / …"""
    return _match(_CONTRACT_PATTERNS, text)


@dataclass(frozen=True)
class Applicability:
    part: str | None  # None when the value is unknown
    eea_threshold: int | None
    announcement: str
    stale: bool
    notes: list[str] = field(default_factory=list)

    @property
    def part_name(self) -> str:
        return PART_NAMES.get(self.part or "", "ukjent")


def table() -> dict:
    return load_yaml("terskelverdier.yml")


def is_stale(today: date | None = None) -> bool:
    return (today or date.today()) > table()["review_by"]


def eea_threshold(buyer_type: str | None, contract_type: str | None) -> int | None:
    return table()["eea_thresholds"].get(buyer_type or "kommune", {}).get(contract_type or "", None)


def applicable_part(
    value: int | None, buyer_type: str | None, contract_type: str | None, today: date | None = None
) -> Applicability:
    """Which part applies to a contract of `value` kr excl. VAT. At a threshold counts as over it."""
    data = table()
    stale = is_stale(today)
    # Without a contract type, use the goods/services threshold (the common case) and say so in the answer.
    threshold = eea_threshold(buyer_type, contract_type or "tjenester")
    if value is None:
        return Applicability(None, eea_threshold(buyer_type, contract_type) if contract_type else None,
                             "avhenger av verdien", stale)
    if buyer_type == "forsyning":
        if threshold is None:
            return Applicability(None, None, "ikke avklart", stale, ["Terskelverdien for denne kontraktstypen i forsyningssektoren er ikke kontrollert."])
        over = value >= threshold
        return Applicability(UTILITIES_OVER if over else UTILITIES_UNDER, threshold, "Doffin og TED" if over else "se forsyningsforskriften", stale)
    if value < data["lower_limit"]["amount"]:
        return Applicability(EXEMPT, threshold, "ingen", stale)
    if value < data["national_threshold"]["amount"]:
        return Applicability(PART_I, threshold, "ingen kunngjøringsplikt", stale)
    if value < threshold:
        return Applicability(PART_II, threshold, "Doffin", stale)
    if contract_type == "saerlige_tjenester":
        return Applicability(PART_IV, threshold, "se reglene i del IV", stale)
    return Applicability(PART_III, threshold, "Doffin og TED", stale)


def source_line(extra: str = "") -> str:
    data = table()
    sources = "anskaffelsesloven § 2; anskaffelsesforskriften § 5-3; anskaffelser.no/terskelverdier"
    return f"Kilde: {sources}{extra} (kontrollert {data['checked_label']})."


def stale_warning() -> str:
    data = table()
    note = f" {data['stale_note'].strip()}" if data.get("stale_note") else ""
    return (
        "⚠️ Tallene kan være utdaterte: de skulle vært kontrollert på nytt innen "
        f"{data['review_by'].strftime('%d.%m.%Y')}.{note} Sjekk {data['url']}."
    )


def _overview(buyer_type: str | None, contract_type: str | None) -> list[str]:
    data = table()
    lines = [
        f"- Under {format_nok(data['lower_limit']['amount'])}: regelverket gjelder ikke. "
        "Merk: 100 000 kr er nedre grense, ikke den nasjonale terskelverdien.",
        f"- Nasjonal terskelverdi: {format_nok(data['national_threshold']['amount'])}. Under den gjelder bare del I.",
    ]
    buyers = [buyer_type] if buyer_type else ["kommune", "stat", "forsyning"]
    contracts = [contract_type] if contract_type else ["varer", "tjenester", "bygg_og_anlegg", "saerlige_tjenester"]
    period = data["eea_period"]["name"]
    for buyer in buyers:
        parts = []
        for contract in contracts:
            amount = data["eea_thresholds"][buyer].get(contract)
            label = data["contract_types"][contract]
            parts.append(f"{label} {format_nok(amount)}" if amount else f"{label}: ikke kontrollert")
        lines.append(f"- EØS-terskelverdi {period} for {data['buyer_types'][buyer]}: " + "; ".join(parts) + ".")
    return lines


def answer_threshold_question(
    value: int | None, buyer_type: str | None, contract_type: str | None, today: date | None = None
) -> str:
    """Norwegian answer: which rules apply to `value`, or the relevant thresholds when no value is given."""
    data = table()
    result = applicable_part(value, buyer_type, contract_type, today)
    lines: list[str] = []
    if value is None or result.part is None:
        if value is not None:
            lines.append(f"For {format_nok(value)} uten mva.:")
            lines.extend(result.notes)
        else:
            lines.append("Terskelverdiene (uten mva.):")
        lines.extend(_overview(buyer_type, contract_type))
        if value is None:
            lines.append("Skriv gjerne hva dere kjøper og verdien, for eksempel «kommune, tjenester, 3 mill», så sier jeg hvilke regler som gjelder.")
    else:
        buyer_label = data["buyer_types"].get(buyer_type or "kommune")
        if buyer_type is None and result.part in (PART_II, PART_III, PART_IV):
            lines.append("Jeg regner med at dere er en kommune (ikke statlig).")
        if result.part == EXEMPT:
            lines.append(f"For {format_nok(value)} uten mva. gjelder **ikke anskaffelsesregelverket** "
                         f"(nedre grense {format_nok(data['lower_limit']['amount'])}).")
            lines.append("Loven og forskriften gjelder ikke under nedre grense, men sammenlign gjerne noen tilbud for å få en god pris.")
        else:
            lines.append(f"For {format_nok(value)} uten mva. gjelder **{result.part_name}**.")
        if result.part == PART_I:
            lines.append("Ingen faste prosedyreregler og ingen kunngjøringsplikt, men de grunnleggende prinsippene og kap. 7 (blant annet dokumentasjonsplikt) gjelder.")
        elif result.part == PART_II:
            lines.append(f"Verdien er under EØS-terskelverdien på {format_nok(result.eea_threshold)} for {buyer_label}. Kunngjør på Doffin; prosedyren er åpen eller begrenset tilbudskonkurranse.")
        elif result.part == PART_III:
            lines.append(f"Verdien er på eller over EØS-terskelverdien på {format_nok(result.eea_threshold)} for {buyer_label}. Kunngjør på Doffin og TED og følg prosedyrene i del III.")
        elif result.part == PART_IV:
            lines.append(f"Verdien er på eller over EØS-terskelverdien for særlige tjenester ({format_nok(result.eea_threshold)}). Reglene i del IV gjelder; sjekk kunngjøringsreglene på anskaffelser.no.")
        elif result.part == UTILITIES_OVER:
            lines.append(f"Verdien er på eller over EØS-terskelverdien i forsyningssektoren ({format_nok(result.eea_threshold)}). Forsyningsforskriften gjelder.")
        elif result.part == UTILITIES_UNDER:
            lines.append(f"Verdien er under EØS-terskelverdien i forsyningssektoren ({format_nok(result.eea_threshold)}). Sjekk med innkjøpsavdelingen hvilke regler som gjelder.")
        if contract_type is None and result.part in (PART_II, PART_III):
            building = eea_threshold(buyer_type, "bygg_og_anlegg")
            lines.append(f"Jeg har brukt terskelen for varer og tjenester; for bygg og anlegg er den {format_nok(building)}.")
    lines.append(f"Terskelverdiene gjelder perioden {data['eea_period']['name']}. {data['pending_change']}")
    if result.stale:
        lines.append(stale_warning())
    lines.append(f"Les mer: {data['url']}")
    lines.append(source_line())
    return "\n".join(lines)
