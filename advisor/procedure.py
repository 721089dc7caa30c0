"""Procedure chooser: which questions to ask, and which procedure to recommend and why.

Thresholds come from knowledge/terskelverdier.yml and the amounts valid on the day from knowledge/regelverk.yml;
the rules follow shared/reference/regelverk-fakta.md (sections 0.3, 1.4, 3 and 4). Answers to yes/no questions
are "ja", "nei", "delvis" or "vet_ikke".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from advisor import facts
from advisor.amounts import format_nok
from advisor.thresholds import (
    EXEMPT,
    HEALTH_AND_SOCIAL,
    PART_I,
    PART_II,
    PART_III,
    PART_IV,
    UTILITIES_OVER,
    UTILITIES_UNDER,
    applicable_part,
    reservation_lines,
    table,
)

UNKNOWN_VALUE = "ukjent"
QUESTION_ORDER = (
    "buyer_type", "contract_type", "estimated_value", "solutions_exist", "research_result", "needs_adaptation",
    "wants_negotiation", "negotiation_ground",
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
    if part in (EXEMPT, PART_I, PART_IV):
        return needed
    needed.append("solutions_exist")
    if known.get("solutions_exist") == "nei":
        needed.append("research_result")
        return needed
    if part != PART_II:
        needed.append("needs_adaptation")
    needed.append("wants_negotiation")
    # Above the EØS threshold, wanting to negotiate is not enough: ask for a § 13-2 ground (fact sheet 0.3).
    if part == PART_III and _yes(known.get("wants_negotiation")) and not _yes(known.get("needs_adaptation")):
        needed.append("negotiation_ground")
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
    facts_used: tuple[str, ...] = ()
    day: date | None = None

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
        lines.extend(reservation_lines(self.facts_used, self.day))
        lines.append(self.source)
        return "\n".join(lines)

    @property
    def source(self) -> str:
        basis = "; ".join(dict.fromkeys(self.legal_basis)) or "anskaffelsesloven"
        return facts.source_line(list(self.facts_used), sources=f"{basis}; anskaffelser.no/terskelverdier",
                                 checked=None if self.facts_used else _RULES_CHECKED, day=self.day)

    @property
    def why_text(self) -> str:
        why = _WHY.get(self.recommended, "Anbefalingen bygger på verdien, hva dere kjøper og svarene deres.")
        return facts.fill(why, self.day) + "\n" + self.source


# When the procedure rules themselves (not the amounts) were last checked against the fact sheet.
_RULES_CHECKED = "2026-12"
_WHY = {
    DIRECT: "Under nasjonal terskelverdi ({nasjonal_terskel}) gjelder bare loven og del I: ingen prosedyreregler og ingen "
    "kunngjøringsplikt, men de grunnleggende prinsippene i anskaffelsesloven § 4 og fellesreglene i kap. 7 gjelder. "
    "DFØ anbefaler likevel å be om tilbud fra flere leverandører.",
    OPEN_NATIONAL: "Mellom {nasjonal_terskel} og EØS-terskelverdien gjelder del II. Der er prosedyrene åpen eller "
    "begrenset tilbudskonkurranse (anskaffelsesforskriften § 8-3), med kunngjøring på Doffin. Dere kan forhandle når "
    "kunngjøringen eller konkurransegrunnlaget sier det. Åpen konkurranse er enklest når dere ikke venter veldig mange tilbud.",
    OPEN_TENDER: "Over EØS-terskelverdien kan dere alltid bruke åpen eller begrenset anbudskonkurranse (§ 13-1). "
    "Forhandling krever et vilkår i § 13-2 (tilpasning, design eller innovative løsninger, kompleksitet eller risiko, "
    "krav som ikke kan beskrives presist, eller bare uakseptable tilbud tidligere); at dere ønsker å forhandle, er "
    "ikke nok. Når en kjent løsning dekker behovet, er åpen anbudskonkurranse det enkleste valget.",
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
    negotiation_ground: str | None = None,
) -> Recommendation:
    day = today or facts.today()
    data = table()
    applicability = applicable_part(value, buyer_type, contract_type, day)
    part, threshold = applicability.part, applicability.eea_threshold
    common = {"facts_used": applicability.facts_used, "day": day}
    documentation = ["anskaffelsen og de viktigste valgene (anskaffelsesforskriften § 7-1)"]
    national = facts.fact(data["national_threshold"], day).stated()

    if buyer_type == "forsyning":
        return Recommendation(
            part, "Avklar med innkjøpsavdelingen (forsyningsforskriften)",
            reasons=["Forsyningssektoren følger forsyningsforskriften, som har egne prosedyreregler jeg ikke dekker.",
                     f"EØS-terskelverdien for varer og tjenester er {facts.fact('eos_forsyning', day).stated()}."],
            legal_basis=["forsyningsforskriften"], facts_used=("eos_forsyning",), day=day,
        )
    if value is None:
        return Recommendation(
            None, "Anslå verdien først",
            reasons=["Verdien avgjør hvilken del av forskriften som gjelder. Regn med hele avtaleperioden og opsjoner, uten mva.",
                     f"Under {national}: direkte anskaffelse (del I). Fra {national} til EØS-terskelverdien: "
                     "tilbudskonkurranse (del II). Over EØS-terskelverdien: prosedyrene i del III."],
            legal_basis=["anskaffelsesforskriften § 5-3"], facts_used=(data["national_threshold"],), day=day,
        )
    if part == EXEMPT:
        lower = facts.fact(data["lower_limit"], day).stated()
        return Recommendation(
            part, "Vanlig kjøp utenfor anskaffelsesregelverket",
            reasons=[f"Verdien er under nedre grense ({lower}), så anskaffelsesloven og -forskriften gjelder ikke.",
                     "Opptre likevel forretningsmessig: sammenlign gjerne noen tilbud for å få en god pris."],
            legal_basis=["anskaffelsesloven § 2"], **common,
        )
    if part == PART_I:
        return _direct(value, contract_type, solutions_exist, threshold, documentation, common)
    if part in (PART_II, PART_III) and solutions_exist == "nei" and research_result:
        return _pre_commercial(part, threshold, documentation, common)
    if part == PART_II:
        return _national_competition(threshold, solutions_exist, wants_negotiation, documentation, common)
    if part == PART_IV:
        return Recommendation(
            part, "Følg reglene for helse- og sosialtjenester og andre særlige tjenester i del IV",
            reasons=[f"Verdien er over EØS-terskelverdien for helse- og sosialtjenester og andre særlige tjenester ({format_nok(threshold)}).",
                     "Del IV har egne regler som jeg ikke går i detalj på. Ta kontakt med innkjøpsavdelingen."],
            legal_basis=["anskaffelsesforskriften del IV"], documentation=documentation, **common,
        )
    return _above_eea(threshold, solutions_exist, needs_adaptation, wants_negotiation, negotiation_ground,
                      documentation, common)


def _direct(value: int, contract_type: str | None, solutions_exist: str | None, threshold: int | None,
            documentation: list[str], common: dict) -> Recommendation:
    """Part I: from the lower limit up to the national threshold, and health and social services below theirs."""
    day = common["day"]
    if contract_type == HEALTH_AND_SOCIAL:
        reasons = [f"Helse- og sosialtjenester under EØS-terskelverdien ({format_nok(threshold)}) følger bare loven "
                   "og del I: ingen kunngjøring etter del II og ingen faste prosedyreregler."]
    else:
        national = facts.fact(table()["national_threshold"], day).stated()
        reasons = [f"Verdien er under nasjonal terskelverdi ({national}), så bare loven og del I gjelder."]
    reasons.append("Be om tilbud fra flere leverandører, og følg de grunnleggende kravene til konkurranse og likebehandling.")
    if solutions_exist == "nei":
        reasons.append("Finnes det ingen løsning, kan dialog med markedet før kjøpet gi nyttig kunnskap.")
    return Recommendation(
        PART_I, DIRECT, allowed=[DIRECT], reasons=reasons,
        legal_basis=["anskaffelsesloven § 4", "anskaffelsesforskriften §§ 7-1 og 7-9"],
        announcement="ingen kunngjøringsplikt", deadlines=[table()["deadlines_part_i_ii"]],
        documentation=documentation, **common,
    )


def _national_competition(threshold: int | None, solutions_exist: str | None, wants_negotiation: str | None,
                          documentation: list[str], common: dict) -> Recommendation:
    """Part II: from the national threshold up to the EØS threshold."""
    national = facts.fact(table()["national_threshold"], common["day"]).stated()
    reasons = [f"Verdien er mellom {national} og EØS-terskelverdien ({format_nok(threshold)}), så del II gjelder."]
    if solutions_exist == "nei":
        reasons.append("Finnes det ingen løsning i markedet, bør dere ha dialog med markedet først, og vurdere om "
                       "utviklingen kan gjøres som før-kommersiell anskaffelse etter FoU-unntaket (§ 2-5).")
    else:
        reasons.append("Ha gjerne dialog med markedet før konkurransen, og bruk funksjonskrav så leverandørene kan tilby nye løsninger.")
    if _yes(wants_negotiation):
        reasons.append("I del II kan dere forhandle i en tilbudskonkurranse når dere sier det i kunngjøringen eller "
                       "konkurransegrunnlaget. Skriv tydelig hvordan forhandlingene skal foregå, og behandle alle likt.")
    return Recommendation(
        PART_II, OPEN_NATIONAL, allowed=[OPEN_NATIONAL, RESTRICTED_NATIONAL], reasons=reasons,
        legal_basis=["anskaffelsesforskriften § 8-3", "anskaffelsesforskriften § 7-1"],
        announcement="Doffin", deadlines=[table()["deadlines_part_i_ii"]],
        documentation=documentation, **common,
    )


def _above_eea(threshold: int | None, solutions_exist: str | None, needs_adaptation: str | None,
               wants_negotiation: str | None, negotiation_ground: str | None, documentation: list[str],
               common: dict) -> Recommendation:
    """Part III. Negotiation needs a § 13-2 ground; wanting to negotiate is not one (fact sheet 0.3)."""
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
    elif _yes(needs_adaptation) or (_yes(wants_negotiation) and _yes(negotiation_ground)):
        recommended = NEGOTIATION
        allowed += [NEGOTIATION, COMPETITIVE_DIALOGUE]
        legal_basis.append("anskaffelsesforskriften § 13-2")
        if _yes(needs_adaptation):
            reasons.append("Behovet krever tilpasning eller utvikling av løsninger, som er et vilkår i § 13-2.")
        else:
            reasons.append("Dere oppgir at et vilkår i § 13-2 er oppfylt. Da kan dere forhandle; dere må kunne vise hvilket.")
        reasons.append("Er anskaffelsen svært sammensatt, er konkurransepreget dialog et alternativ.")
        documentation.append("hvilket vilkår i § 13-2 som er oppfylt (dere har bevisbyrden)")
    else:
        recommended = OPEN_TENDER
        if _yes(wants_negotiation):
            legal_basis.append("anskaffelsesforskriften § 13-2")
            reasons.append("Dere ønsker å forhandle, men over EØS-terskelverdien krever forhandling et vilkår i § 13-2 "
                           "(for eksempel tilpasning, design eller innovative løsninger, kompleksitet eller risiko). "
                           "Å ønske å forhandle om prisen er ikke et slikt vilkår, så konkurranse med forhandling er "
                           "ikke tillatt her.")
            reasons.append("I en anbudskonkurranse kan dere avklare uklarheter i tilbudene, men ikke forhandle.")
        else:
            reasons.append("Løsninger finnes i markedet og må ikke tilpasses, så en åpen anbudskonkurranse er enklest.")
    reasons.append("Ha dialog med markedet før kunngjøringen, og bruk funksjonskrav der det passer.")
    deadline_keys = {
        OPEN_TENDER: "apen_anbudskonkurranse", RESTRICTED_TENDER: "begrenset_anbudskonkurranse",
        NEGOTIATION: "konkurranse_med_forhandling", COMPETITIVE_DIALOGUE: "konkurransepreget_dialog",
        INNOVATION_PARTNERSHIP: "innovasjonspartnerskap",
    }
    key = deadline_keys.get(recommended)
    deadlines = [table()["deadlines_part_iii"][key]] if key else []
    legal_basis.append("anskaffelsesforskriften § 7-6")
    return Recommendation(
        PART_III, recommended, allowed=list(dict.fromkeys(allowed)), reasons=reasons, legal_basis=legal_basis,
        announcement="Doffin og TED", deadlines=deadlines, documentation=documentation, **common,
    )


def _pre_commercial(part: str, threshold: int | None, documentation: list[str], common: dict) -> Recommendation:
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
        **common,
    )


__all__ = [
    "QUESTION_ORDER", "UNKNOWN_VALUE", "Recommendation", "next_question", "questions_needed", "recommend",
    "PART_I", "PART_II", "PART_III", "UTILITIES_OVER", "UTILITIES_UNDER",
]
