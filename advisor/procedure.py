"""Procedure chooser: which questions to ask, and which procedure to recommend and why.

Table-driven from knowledge/terskelverdier.yml; the rules follow shared/reference/regelverk-fakta.md
(sections 1.4, 3 and 4). Answers to yes/no questions are "ja", "nei", "delvis" or "vet_ikke".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from advisor.amounts import format_nok
from advisor.thresholds import (
    EXEMPT,
    PART_I,
    PART_II,
    PART_III,
    PART_IV,
    UTILITIES_OVER,
    UTILITIES_UNDER,
    applicable_part,
    stale_warning,
    table,
)

UNKNOWN_VALUE = "ukjent"
QUESTION_ORDER = (
    "buyer_type", "contract_type", "estimated_value", "solutions_exist", "research_result", "needs_adaptation",
    "wants_negotiation",
)

OPEN_TENDER = "Åpen anbudskonkurranse"
RESTRICTED_TENDER = "Begrenset anbudskonkurranse"
NEGOTIATION = "Konkurranse med forhandling"
COMPETITIVE_DIALOGUE = "Konkurransepreget dialog"
INNOVATION_PARTNERSHIP = "Innovasjonspartnerskap"
PRE_COMMERCIAL = "Før-kommersiell anskaffelse (FoU-unntaket)"
OPEN_NATIONAL = "Åpen tilbudskonkurranse"
RESTRICTED_NATIONAL = "Begrenset tilbudskonkurranse"
DIRECT = "Direkte anskaffelse"


def _value(known: dict) -> int | None:
    value = known.get("estimated_value")
    return value if isinstance(value, int) else None


def _yes(answer: object) -> bool:
    return answer in ("ja", "delvis")


def questions_needed(known: dict) -> list[str]:
    """The questions that matter for this case, in order. Answered ones stay in the list.

    Yes/no questions are skipped where they cannot change the advice: below the national
    threshold, in the utilities sector, and (for adaptation and negotiation) when nothing
    exists in the market, since development then decides the advice. Only when nothing exists
    does it matter whether the result is research (the R&D exemption, § 2-5).
    """
    needed = ["buyer_type", "contract_type", "estimated_value"]
    if known.get("buyer_type") == "forsyning" or known.get("estimated_value") is None:
        return needed
    value = _value(known)
    part = applicable_part(value, known.get("buyer_type"), known.get("contract_type")).part if value is not None else None
    if part in (EXEMPT, PART_I):
        return needed
    needed.append("solutions_exist")
    if known.get("solutions_exist") == "nei":
        needed.append("research_result")
        return needed
    if part != PART_II:
        needed.append("needs_adaptation")
    needed.append("wants_negotiation")
    return needed


def next_question(known: dict) -> str | None:
    """The first needed question without an answer, or None when the advice can be given."""
    return next((slot for slot in questions_needed(known) if known.get(slot) is None), None)


@dataclass
class Recommendation:
    part: str | None
    recommended: str
    allowed: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    announcement: str = ""
    deadlines: list[str] = field(default_factory=list)
    documentation: list[str] = field(default_factory=list)
    stale: bool = False

    @property
    def text(self) -> str:
        lines = [f"Min anbefaling: **{self.recommended}**."]
        lines += [f"- {reason}" for reason in self.reasons]
        if self.allowed:
            lines.append("Prosedyrer dere kan bruke: " + ", ".join(self.allowed) + ".")
        if self.announcement:
            lines.append(f"Kunngjøring: {self.announcement}.")
        if self.deadlines:
            lines.append("Frister: " + " ".join(self.deadlines))
        if self.documentation:
            lines.append("Dokumenter: " + "; ".join(self.documentation) + ".")
        # The «guidance, not legal advice» notice comes once per conversation from action_legal_notice.
        lines.append("Skriv «hvorfor?» for å se regelen bak anbefalingen.")
        if self.stale:
            lines.append(stale_warning())
        lines.append(self.source)
        return "\n".join(lines)

    @property
    def source(self) -> str:
        basis = "; ".join(dict.fromkeys(self.legal_basis)) or "anskaffelsesloven"
        return f"Kilde: {basis}; anskaffelser.no/terskelverdier (kontrollert {table()['checked_label']})."

    @property
    def why_text(self) -> str:
        return _WHY.get(self.recommended, "Anbefalingen bygger på verdien, hva dere kjøper og svarene deres.") + "\n" + self.source


_WHY = {
    DIRECT: "Under nasjonal terskelverdi (1,3 mill. kr) gjelder bare del I: ingen prosedyreregler og ingen "
    "kunngjøringsplikt, men de grunnleggende prinsippene i anskaffelsesloven § 4 og fellesreglene i kap. 7 gjelder. "
    "DFØ anbefaler likevel å be om tilbud fra flere leverandører.",
    OPEN_NATIONAL: "Mellom 1,3 mill. kr og EØS-terskelverdien gjelder del II. Der er prosedyrene åpen eller begrenset "
    "tilbudskonkurranse (anskaffelsesforskriften § 8-3), med kunngjøring på Doffin. Åpen konkurranse er enklest når "
    "dere ikke venter veldig mange tilbud.",
    OPEN_TENDER: "Over EØS-terskelverdien kan dere alltid bruke åpen eller begrenset anbudskonkurranse (§ 13-1). "
    "Når en kjent løsning dekker behovet og dere ikke trenger å forhandle, er åpen anbudskonkurranse det enkleste valget.",
    NEGOTIATION: "Over EØS-terskelverdien kan dere bruke konkurranse med forhandling når et vilkår i "
    "anskaffelsesforskriften § 13-2 er oppfylt, for eksempel at behovet krever tilpasning av løsninger som finnes, "
    "eller at anskaffelsen omfatter design eller innovative løsninger. Dere har bevisbyrden for at vilkåret er oppfylt. "
    "Er anskaffelsen svært sammensatt, er konkurransepreget dialog et alternativ på de samme vilkårene.",
    INNOVATION_PARTNERSHIP: "Innovasjonspartnerskap kan bare brukes når behovet ikke kan dekkes av løsninger som "
    "allerede finnes i markedet. Dere utvikler løsningen sammen med leverandøren og kan kjøpe den i samme prosedyre, "
    "når den når de avtalte ytelsesnivåene og maksimalkostnaden.",
    PRE_COMMERCIAL: "Før-kommersiell anskaffelse bygger på FoU-unntaket i anskaffelsesforskriften § 2-5: hovedelementet "
    "må være forskning og utvikling, og dere betaler ikke fullt ut eller får ikke hele utbyttet selv. Unntaket tolkes "
    "strengt. Den ferdige løsningen må kjøpes i en ny konkurranse.",
}


def recommend(
    buyer_type: str | None,
    contract_type: str | None,
    value: int | None,
    solutions_exist: str | None = None,
    needs_adaptation: str | None = None,
    wants_negotiation: str | None = None,
    research_result: bool | None = None,
    today: date | None = None,
) -> Recommendation:
    data = table()
    applicability = applicable_part(value, buyer_type, contract_type, today)
    part, threshold, stale = applicability.part, applicability.eea_threshold, applicability.stale
    documentation = ["anskaffelsen og de viktigste valgene (anskaffelsesforskriften § 7-1)"]

    if buyer_type == "forsyning":
        return Recommendation(
            part, "Avklar med innkjøpsavdelingen (forsyningsforskriften)",
            reasons=["Forsyningssektoren følger forsyningsforskriften, som har egne prosedyreregler jeg ikke dekker.",
                     f"EØS-terskelverdien for varer og tjenester er {format_nok(data['eea_thresholds']['forsyning']['varer'])}."],
            legal_basis=["forsyningsforskriften"], stale=stale,
        )
    if value is None:
        return Recommendation(
            None, "Anslå verdien først",
            reasons=["Verdien avgjør hvilken del av forskriften som gjelder. Regn med hele avtaleperioden og opsjoner, uten mva.",
                     "Under 1,3 mill. kr: direkte anskaffelse (del I). Fra 1,3 mill. kr til EØS-terskelverdien: tilbudskonkurranse (del II). "
                     "Over EØS-terskelverdien: prosedyrene i del III."],
            legal_basis=["anskaffelsesforskriften § 5-3"], stale=stale,
        )
    if part == EXEMPT:
        return Recommendation(
            part, "Vanlig kjøp utenfor anskaffelsesregelverket",
            reasons=[f"Verdien er under {format_nok(data['lower_limit']['amount'])}, så anskaffelsesloven og -forskriften gjelder ikke.",
                     "Sammenlign likevel gjerne noen tilbud for å få en god pris."],
            legal_basis=["anskaffelsesloven § 2"], stale=stale,
        )
    if part == PART_I:
        reasons = ["Verdien er under nasjonal terskelverdi (1,3 mill. kr), så bare del I gjelder.",
                   "Be om tilbud fra flere leverandører, og følg de grunnleggende prinsippene."]
        if value > 500_000:
            reasons.append("Over 500 000 kr skal dere be om skatteattest.")
        if solutions_exist == "nei":
            reasons.append("Finnes det ingen løsning, kan dialog med markedet før kjøpet gi nyttig kunnskap.")
        return Recommendation(
            part, DIRECT, allowed=[DIRECT], reasons=reasons,
            legal_basis=["anskaffelsesloven § 4", "anskaffelsesforskriften §§ 7-1 og 7-9"],
            announcement="ingen kunngjøringsplikt", deadlines=[data["deadlines_part_i_ii"]],
            documentation=documentation, stale=stale,
        )
    if part in (PART_II, PART_III) and solutions_exist == "nei" and research_result:
        return _pre_commercial(part, threshold, documentation, stale)
    if part == PART_II:
        reasons = [f"Verdien er mellom 1,3 mill. kr og EØS-terskelverdien ({format_nok(threshold)}), så del II gjelder."]
        if solutions_exist == "nei":
            reasons.append("Finnes det ingen løsning i markedet, bør dere ha dialog med markedet først, og vurdere om "
                           "utviklingen kan gjøres som før-kommersiell anskaffelse etter FoU-unntaket (§ 2-5).")
        else:
            reasons.append("Ha gjerne dialog med markedet før konkurransen, og bruk funksjonskrav så leverandørene kan tilby nye løsninger.")
        if _yes(wants_negotiation):
            reasons.append("Forhandling er trolig mulig i del II, men paragrafen og kravene til kunngjøring er ikke kontrollert; "
                           "avklar med innkjøpsavdelingen og skriv det tydelig i kunngjøringen.")
        return Recommendation(
            part, OPEN_NATIONAL, allowed=[OPEN_NATIONAL, RESTRICTED_NATIONAL], reasons=reasons,
            legal_basis=["anskaffelsesforskriften § 8-3", "anskaffelsesforskriften § 7-1"],
            announcement="Doffin", deadlines=[data["deadlines_part_i_ii"]],
            documentation=documentation, stale=stale,
        )
    if part == PART_IV:
        return Recommendation(
            part, "Følg reglene for særlige tjenester i del IV",
            reasons=[f"Verdien er over EØS-terskelverdien for helse- og sosialtjenester og andre særlige tjenester ({format_nok(threshold)}).",
                     "Del IV har egne regler som jeg ikke går i detalj på. Ta kontakt med innkjøpsavdelingen."],
            legal_basis=["anskaffelsesforskriften del IV"], documentation=documentation, stale=stale,
        )

    # Part III: above the EEA threshold.
    allowed = [OPEN_TENDER, RESTRICTED_TENDER]
    legal_basis = ["anskaffelsesforskriften § 13-1"]
    reasons = [f"Verdien er på eller over EØS-terskelverdien ({format_nok(threshold)}), så del III gjelder."]
    if solutions_exist == "nei":
        recommended = INNOVATION_PARTNERSHIP
        allowed += [NEGOTIATION, COMPETITIVE_DIALOGUE, INNOVATION_PARTNERSHIP]
        legal_basis += ["anskaffelsesforskriften § 13-2"]
        reasons.append("Det finnes ingen løsning i markedet, så løsningen må utvikles. Innovasjonspartnerskap lar dere utvikle og kjøpe i samme prosedyre.")
        reasons.append("Er resultatet først og fremst forskning, kan en før-kommersiell anskaffelse (FoU-unntaket, § 2-5) være et alternativ.")
        documentation.append("at behovet ikke kan dekkes av løsninger som finnes i markedet")
    elif _yes(needs_adaptation) or _yes(wants_negotiation):
        recommended = NEGOTIATION
        allowed += [NEGOTIATION, COMPETITIVE_DIALOGUE]
        legal_basis.append("anskaffelsesforskriften § 13-2")
        if _yes(needs_adaptation):
            reasons.append("Behovet krever tilpasning eller utvikling av løsninger, som er et vilkår i § 13-2.")
        else:
            reasons.append("Dere ønsker å forhandle. Det er bare lov når et vilkår i § 13-2 er oppfylt, for eksempel at løsningen må tilpasses.")
        reasons.append("Er anskaffelsen svært sammensatt, er konkurransepreget dialog et alternativ.")
        documentation.append("hvilket vilkår i § 13-2 som er oppfylt (dere har bevisbyrden)")
    else:
        recommended = OPEN_TENDER
        reasons.append("Løsninger finnes i markedet og må ikke tilpasses, så en åpen anbudskonkurranse er enklest.")
    reasons.append("Ha dialog med markedet før kunngjøringen, og bruk funksjonskrav der det passer.")
    deadline_keys = {
        OPEN_TENDER: "apen_anbudskonkurranse", RESTRICTED_TENDER: "begrenset_anbudskonkurranse",
        NEGOTIATION: "konkurranse_med_forhandling", COMPETITIVE_DIALOGUE: "konkurransepreget_dialog",
        INNOVATION_PARTNERSHIP: "innovasjonspartnerskap",
    }
    key = deadline_keys.get(recommended)
    deadlines = [data["deadlines_part_iii"][key]] if key else []
    legal_basis.append("anskaffelsesforskriften § 7-6")
    return Recommendation(
        part, recommended, allowed=list(dict.fromkeys(allowed)), reasons=reasons, legal_basis=legal_basis,
        announcement="Doffin og TED", deadlines=deadlines, documentation=documentation, stale=stale,
    )


def _pre_commercial(part: str, threshold: int | None, documentation: list[str], stale: bool) -> Recommendation:
    """Nothing exists and the result is mainly research: the R&D exemption (§ 2-5), at any value from part II up."""
    where = "del III" if part == PART_III else "del II"
    return Recommendation(
        part, PRE_COMMERCIAL, allowed=[PRE_COMMERCIAL, INNOVATION_PARTNERSHIP if part == PART_III else OPEN_NATIONAL],
        reasons=[
            f"Verdien gjør at {where} ellers ville gjelde (EØS-terskelverdien er {format_nok(threshold)}).",
            "Det finnes ingen løsning, og målet er først og fremst ny kunnskap (forskning og utvikling). Da kan "
            "FoU-unntaket passe, hvis dere ikke betaler alt selv eller ikke får hele utbyttet. Unntaket tolkes strengt.",
            "Vil dere kjøpe den ferdige løsningen etterpå, krever det en ny konkurranse.",
        ],
        legal_basis=["anskaffelsesforskriften § 2-5"],
        announcement="ingen kunngjøringsplikt etter anskaffelsesforskriften når unntaket gjelder",
        deadlines=["FoU-unntaket har ingen kunngjøringsfrister; en senere konkurranse om kjøpet følger de vanlige reglene."],
        documentation=[*documentation, "hvorfor FoU-unntaket gjelder (begge vilkårene i § 2-5)"],
        stale=stale,
    )


__all__ = [
    "QUESTION_ORDER", "UNKNOWN_VALUE", "Recommendation", "next_question", "questions_needed", "recommend",
    "PART_I", "PART_II", "PART_III", "UTILITIES_OVER", "UTILITIES_UNDER",
]
