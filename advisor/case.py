"""One case per conversation: who buys, what, for how much, and when the procurement was started.

Every answer whose content depends on the part of the regulation reads this one value: the threshold answer,
the procedure chooser (which adds its yes/no answers to the same value) and the units with per-part versions.
It is filled from any message that mentions these facts and corrected when the user corrects them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from advisor import facts
from advisor.amounts import format_nok
from advisor.thresholds import (
    EXEMPT,
    PART_I,
    PART_II,
    PART_III,
    PART_IV,
    Applicability,
    applicable_part,
    table,
)
from advisor.understanding import Understanding

UNKNOWN_VALUE = "ukjent"
# The form questions of the procedure chooser, in order; the first three are the case itself.
QUESTION_ORDER = (
    "buyer_type", "contract_type", "estimated_value", "solutions_exist", "research_result", "needs_adaptation",
    "wants_negotiation", "negotiation_ground",
)
STARTED_SLOT = "procurement_started"

_BUYER_WORDS = {"kommune": "en kommune", "stat": "en statlig oppdragsgiver",
                "forsyning": "en oppdragsgiver i forsyningssektoren"}
_CONTRACT_WORDS = {"varer": "varer", "tjenester": "tjenester", "bygg_og_anlegg": "bygg og anlegg",
                   "helse_sosial": "helse- og sosialtjenester", "saerlige_tjenester": "andre særlige tjenester"}
_PART_WORDS = {EXEMPT: "gjelder ikke anskaffelsesregelverket", PART_I: "gjelder loven og del I",
               PART_II: "gjelder del I og del II", PART_III: "gjelder del I og del III",
               PART_IV: "gjelder del I og del IV"}
# The buyer and contract types a case may turn out to be, when the user has not said.
_BUYERS = ("kommune", "stat")
_CONTRACTS = ("varer", "tjenester", "bygg_og_anlegg", "helse_sosial")


@dataclass(frozen=True)
class Case:
    """The facts that decide the rules, plus the procedure chooser's answers.

    estimated_value is an amount in kr without VAT, "ukjent" («vet ikke») or None; `started` is the day the
    procurement was started (None: today); the yes/no fields are "ja", "delvis", "nei", "vet_ikke" or None.
    """

    buyer_type: str | None = None
    contract_type: str | None = None
    estimated_value: int | str | None = None
    solutions_exist: str | None = None
    research_result: str | None = None
    needs_adaptation: str | None = None
    wants_negotiation: str | None = None
    negotiation_ground: str | None = None
    started: date | None = None

    @classmethod
    def from_slots(cls, slots: dict) -> Case:
        started = slots.get(STARTED_SLOT)
        try:
            started_day = date.fromisoformat(started) if isinstance(started, str) else None
        except ValueError:
            started_day = None
        return cls(**{name: slots.get(name) for name in QUESTION_ORDER}, started=started_day)

    def slot_values(self) -> dict[str, object]:
        """The case fields as the conversation's slots hold them."""
        return {"buyer_type": self.buyer_type, "contract_type": self.contract_type,
                "estimated_value": self.estimated_value,
                STARTED_SLOT: self.started.isoformat() if self.started else None}

    @property
    def value(self) -> int | None:
        return self.estimated_value if isinstance(self.estimated_value, int) else None

    def updated(self, heard: Understanding) -> Case:
        """The case with what a message said; a new value replaces the old one (a correction)."""
        changes = {name: getattr(heard, source) for name, source in
                   (("buyer_type", "buyer_type"), ("contract_type", "contract_type"),
                    ("estimated_value", "amount"), ("started", "started"))
                   if getattr(heard, source) is not None}
        return replace(self, **changes) if changes else self

    def day(self, today: date | None = None) -> date:
        """The day whose rules apply: when the procurement was started, else today."""
        today = today or facts.today()
        return self.started if self.started and self.started <= today else today

    def started_before_change(self, today: date | None = None) -> bool:
        """Started before the law change now in force (the transitional rule is not verified)."""
        today = today or facts.today()
        change = facts.fact(table()["lower_limit"], today).valid_from
        return self.started is not None and self.started < change

    def applicability(self, today: date | None = None) -> Applicability:
        return applicable_part(self.value, self.buyer_type, self.contract_type, self.day(today))

    def near_eea_threshold(self, today: date | None = None) -> bool:
        """The value lies so close to an EØS threshold that a 2026 adjustment may move it across."""
        return self.applicability(today).near(self.value)

    def part(self, today: date | None = None) -> str | None:
        """The part of the regulation when the case decides it firmly, else None.

        Not decided without a value, near an EØS threshold, or when the buyer or contract type the user has not
        given could change the part (a 3 mill. contract is part III for services but part II for building works)."""
        if self.value is None or self.buyer_type == "forsyning" or self.near_eea_threshold(today):
            return None
        day = self.day(today)
        buyers = [self.buyer_type] if self.buyer_type else list(_BUYERS)
        contracts = [self.contract_type] if self.contract_type else list(_CONTRACTS)
        parts = {applicable_part(self.value, buyer, contract, day).part for buyer in buyers for contract in contracts}
        return parts.pop() if len(parts) == 1 else None

    def missing_for_part(self, today: date | None = None) -> list[str]:
        """The case fields whose absence keeps the part open (empty when the part is decided or cannot be)."""
        if self.part(today) is not None or self.near_eea_threshold(today) or self.buyer_type == "forsyning":
            return []
        missing = ["estimated_value"] if self.value is None else []
        if self.contract_type is None:
            missing.append("contract_type")
        if self.buyer_type is None:
            missing.append("buyer_type")
        return missing

    def describe(self) -> str:
        """«en kommune som kjøper tjenester for 10 mill. kr» from what is known."""
        who = _BUYER_WORDS.get(self.buyer_type or "", "dere")
        what = _CONTRACT_WORDS.get(self.contract_type or "", "")
        worth = f"for {format_nok(self.value)}" if self.value is not None else ""
        return " ".join(part for part in (who, "som kjøper", what, worth) if part)

    def case_line(self, today: date | None = None) -> str | None:
        """One line naming the case and the part it decides, shown before a per-part answer."""
        part = self.part(today)
        if part is None:
            return None
        return f"For {self.describe()} {_PART_WORDS[part]}:"
