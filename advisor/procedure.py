"""Procedure chooser: which questions to ask, and which procedure to recommend and why.

Thresholds come from knowledge/terskelverdier.yml and the amounts valid on the day from knowledge/regelverk.yml;
the rules follow shared/reference/regelverk-fakta.md (sections 0.3, 1.4, 3 and 4). Answers to yes/no questions
are "ja", "nei", "delvis" or "vet_ikke".

The recommendation is a table of rules (RULES), tried in order: the first whose predicate holds gives the
procedure; its reasons, legal basis, deadlines, documentation and «why» are content in knowledge/prosedyrevalg.yml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from advisor import facts
from advisor.amounts import format_nok
from advisor.case import QUESTION_ORDER, UNKNOWN_VALUE, Case
from advisor.knowledge import load_yaml
from advisor.thresholds import (
    EXEMPT,
    HEALTH_AND_SOCIAL,
    PART_I,
    PART_II,
    PART_III,
    PART_IV,
    UTILITIES_OVER,
    UTILITIES_UNDER,
    Applicability,
    applicable_part,
    reservation_lines,
    table,
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
ASK_THE_UTILITIES_OFFICE = "Avklar med innkjøpsavdelingen (forsyningsforskriften)"
ESTIMATE_THE_VALUE_FIRST = "Anslå verdien først"
OUTSIDE_THE_RULES = "Vanlig kjøp utenfor anskaffelsesregelverket"
FOLLOW_PART_IV = "Følg reglene for helse- og sosialtjenester og andre særlige tjenester i del IV"


def _value(known: dict) -> int | None:
    value = known.get("estimated_value")
    return value if isinstance(value, int) else None


def _yes(answer: object) -> bool:
    return answer in ("ja", "delvis")


def questions_needed(known: dict, day: date | None = None) -> list[str]:
    """The questions that matter for this case, in order. Answered ones stay in the list.

    Yes/no questions are skipped where they cannot change the advice: below the national
    threshold, in the utilities sector, and (for adaptation and negotiation) when nothing
    exists in the market, since development then decides the advice. Only when nothing exists
    does it matter whether the result is research (the R&D exemption, § 2-5). `day`: the day whose rules apply
    (when the procurement was started; default today).
    """
    needed = ["buyer_type", "contract_type", "estimated_value"]
    if known.get("buyer_type") == "forsyning" or known.get("estimated_value") is None:
        return needed
    value = _value(known)
    part = None if value is None else applicable_part(value, known.get("buyer_type"), known.get("contract_type"),
                                                      day).part
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


@dataclass(frozen=True)
class Situation:
    """A case seen on a day: the part of the regulation that applies and the EØS threshold."""

    case: Case
    day: date
    applicability: Applicability

    @property
    def part(self) -> str | None:
        return self.applicability.part


# The conditions a rule and the «when» of a text in knowledge/prosedyrevalg.yml may name.
CONDITIONS: dict[str, Callable[[Situation], bool]] = {
    "no_solution": lambda s: s.case.solutions_exist == "nei",
    "health_and_social": lambda s: s.case.contract_type == HEALTH_AND_SOCIAL,
    "needs_adaptation": lambda s: _yes(s.case.needs_adaptation),
    "wants_negotiation": lambda s: _yes(s.case.wants_negotiation),
    "part_ii": lambda s: s.part == PART_II,
    "part_iii": lambda s: s.part == PART_III,
}


def holds(condition: str, situation: Situation) -> bool:
    """Whether a named condition («no_solution», or «not no_solution») holds for the situation."""
    name = condition.removeprefix("not ").strip()
    if name not in CONDITIONS:
        raise ValueError(f"prosedyrevalg.yml: ukjent vilkår «{condition}» (kjente: {', '.join(CONDITIONS)})")
    return CONDITIONS[name](situation) != condition.startswith("not ")


@dataclass(frozen=True)
class Rule:
    """When `applies`, recommend `recommended`; the texts are recommendations.<name> in prosedyrevalg.yml.

    `allowed` items are procedure names, or (name, condition) pairs shown only when the condition holds.
    `own_facts`: the rule is decided before the part is known, so it rests only on the facts its texts name.
    """

    name: str
    applies: Callable[[Situation], bool]
    recommended: str
    allowed: tuple[str | tuple[str, str], ...] = ()
    own_facts: bool = False


_ABOVE_EEA = (OPEN_TENDER, RESTRICTED_TENDER)
# Tried in order; the first rule that applies gives the recommendation. The last one always applies.
RULES = (
    Rule("utilities", lambda s: s.case.buyer_type == "forsyning", ASK_THE_UTILITIES_OFFICE, own_facts=True),
    Rule("value_unknown", lambda s: s.case.value is None, ESTIMATE_THE_VALUE_FIRST, own_facts=True),
    Rule("outside_the_rules", lambda s: s.part == EXEMPT, OUTSIDE_THE_RULES),
    Rule("direct", lambda s: s.part == PART_I, DIRECT, allowed=(DIRECT,)),
    # Nothing exists and the result is mainly research: the R&D exemption (§ 2-5), at any value from part II up.
    Rule("pre_commercial",
         lambda s: s.part in (PART_II, PART_III) and holds("no_solution", s) and _yes(s.case.research_result),
         PRE_COMMERCIAL,
         allowed=(PRE_COMMERCIAL, (INNOVATION_PARTNERSHIP, "part_iii"), (OPEN_NATIONAL, "not part_iii"))),
    Rule("national_competition", lambda s: s.part == PART_II, OPEN_NATIONAL,
         allowed=(OPEN_NATIONAL, RESTRICTED_NATIONAL)),
    Rule("special_services", lambda s: s.part == PART_IV, FOLLOW_PART_IV),
    # Part III from here on. Negotiation needs a § 13-2 ground; wanting to negotiate is not one (fact sheet 0.3).
    Rule("innovation_partnership", lambda s: holds("no_solution", s), INNOVATION_PARTNERSHIP,
         allowed=(*_ABOVE_EEA, NEGOTIATION, COMPETITIVE_DIALOGUE, INNOVATION_PARTNERSHIP)),
    Rule("negotiation",
         lambda s: holds("needs_adaptation", s) or (holds("wants_negotiation", s) and _yes(s.case.negotiation_ground)),
         NEGOTIATION, allowed=(*_ABOVE_EEA, NEGOTIATION, COMPETITIVE_DIALOGUE)),
    Rule("open_tender", lambda s: True, OPEN_TENDER, allowed=_ABOVE_EEA),
)


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
    why: str = ""  # the rule behind the recommendation, already filled in

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
        checked = None if self.facts_used else str(_content()["rules_checked"])
        return facts.source_line(list(self.facts_used), sources=f"{basis}; anskaffelser.no/terskelverdier",
                                 checked=checked, day=self.day)

    @property
    def why_text(self) -> str:
        return self.why + "\n" + self.source


def _content() -> dict:
    return load_yaml("prosedyrevalg.yml")


def _variables(situation: Situation) -> dict[str, str]:
    """The placeholders of the recommendation texts that are not fact ids."""
    threshold = situation.applicability.eea_threshold
    variables = {
        "terskel": format_nok(threshold) if threshold is not None else "",
        "del": "del III" if situation.part == PART_III else "del II",
        "frister_del_i_ii": table()["deadlines_part_i_ii"],
    }
    variables.update({f"frister_{key}": text for key, text in table()["deadlines_part_iii"].items()})
    return variables


def _render(text: str, situation: Situation) -> str:
    """The text with its own placeholders ({terskel} …) and then its fact placeholders filled in."""
    variables = _variables(situation)
    own = facts.PLACEHOLDER.sub(lambda match: variables.get(match.group(1), match.group(0)), text)
    return facts.fill(own, situation.day)


def _texts(items: list | None, situation: Situation) -> list[str]:
    """The items of a list in prosedyrevalg.yml that apply: plain texts, and {when, text} whose condition holds."""
    shown = []
    for item in items or []:
        if isinstance(item, dict):
            if not holds(item["when"], situation):
                continue
            item = item["text"]
        shown.append(_render(item, situation))
    return shown


def _fact_ids(texts: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for text in texts for name in facts.placeholders(text)))


def _recommendation(rule: Rule, situation: Situation) -> Recommendation:
    content = _content()
    texts = content["recommendations"][rule.name]
    allowed = [item if isinstance(item, str) else item[0] for item in rule.allowed
               if isinstance(item, str) or holds(item[1], situation)]
    own_texts = [item if isinstance(item, str) else item["text"] for item in texts.get("reasons") or []]
    return Recommendation(
        part=situation.part,
        recommended=rule.recommended,
        allowed=allowed,
        reasons=_texts(texts.get("reasons"), situation),
        legal_basis=_texts(texts.get("legal_basis"), situation),
        announcement=_render(texts.get("announcement") or "", situation),
        deadlines=_texts(texts.get("deadlines"), situation),
        documentation=_texts(texts.get("documentation"), situation),
        facts_used=_fact_ids(own_texts) if rule.own_facts else situation.applicability.facts_used,
        day=situation.day,
        why=_render(texts.get("why") or content["why_default"], situation),
    )


def recommend(case: Case, today: date | None = None) -> Recommendation:
    """The recommendation of the first rule in RULES that applies to the case on `today` (default: today)."""
    day = case.day(today)
    applicability = applicable_part(case.value, case.buyer_type, case.contract_type, day)
    situation = Situation(case, day, applicability)
    rule = next(rule for rule in RULES if rule.applies(situation))
    return _recommendation(rule, situation)


__all__ = [
    "QUESTION_ORDER", "UNKNOWN_VALUE", "Case", "Recommendation", "next_question", "questions_needed", "recommend",
    "PART_I", "PART_II", "PART_III", "UTILITIES_OVER", "UTILITIES_UNDER",
]
