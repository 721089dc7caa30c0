"""Procedure chooser: a form that asks only what advisor.procedure needs, then recommends.

Every slot is extracted from free text on every turn, so the first message («vi er en kommune og
skal kjøpe tjenester for 3 mill») fills what it can, and corrections («nei vent, det er 2 millioner»)
overwrite earlier answers.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_base import QuestionFormValidation, case_of, entity_values, legal_notice, record
from advisor.amounts import format_nok
from advisor.answer_records import PROCEDURE, PROCEDURE_CHOOSER
from advisor.answers import read_answer
from advisor.knowledge import load_yaml
from advisor.procedure import QUESTION_ORDER, UNKNOWN_VALUE, questions_needed, recommend
from advisor.rule_intents import form_interrupting_intents
from advisor.thresholds import table
from advisor.understanding import understand

YES_NO_SLOTS = ("solutions_exist", "research_result", "needs_adaptation", "wants_negotiation", "negotiation_ground")
# Messages with the intents the rules answer mid-form are questions or commands, not answers.
NOT_ANSWERS = form_interrupting_intents("procedure_form")


def _known(tracker: Tracker) -> dict[str, Any]:
    known = {slot: tracker.get_slot(slot) for slot in QUESTION_ORDER}
    return known


def _heard(tracker: Tracker):
    return understand(tracker.latest_message.get("text") or "", entity_values(tracker))


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _describe(slot: str, value: Any) -> str:
    data = table()
    if slot == "buyer_type":
        return data["buyer_types"].get(value, str(value))
    if slot == "contract_type":
        return data["contract_types"].get(value, str(value))
    return format_nok(value) if isinstance(value, int) else str(value)


def _with_correction_note(slot: str, value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """The slot update; when it changes an earlier answer, the user is told what was changed."""
    if value is None:
        return {}
    previous = tracker.get_slot(slot)
    if previous is not None and previous != value and tracker.get_slot("requested_slot") != slot:
        label = load_yaml("prosedyrevalg.yml")["correction_labels"][slot]
        dispatcher.utter_message(response="utter_procedure_answer_changed", label=label, value=_describe(slot, value))
    return {slot: value}


class ActionStartProcedure(Action):
    """Starts the chooser from the conversation's case, updated by the first message; earlier yes/no answers are
    cleared. The form then asks only what is still missing."""

    def name(self) -> str:
        return "action_start_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(response="utter_procedure_intro")
        case = case_of(tracker).updated(understand(tracker.latest_message.get("text") or "", entity_values(tracker)))
        return [
            *record(dispatcher, PROCEDURE_CHOOSER, None, False),
            *[SlotSet(name, value) for name, value in case.slot_values().items()],
            *[SlotSet(slot, None) for slot in YES_NO_SLOTS],
            SlotSet("recommendation_why", None),
        ]


class ValidateProcedureForm(QuestionFormValidation):
    def name(self) -> str:
        return "validate_procedure_form"

    def say_hint(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        hints = load_yaml("prosedyrevalg.yml")["unclear_answer"]
        dispatcher.utter_message(text=hints.get(tracker.get_slot("requested_slot"), hints["ja_nei"]))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        events = await super().run(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        filled = [e for e in events if e.get("event") == "slot" and e.get("name") != "requested_slot"]
        if requested and not filled and _intent(tracker) not in NOT_ANSWERS:
            # Not an answer we could read: respond and ask again instead of letting Rasa reject the form
            # (a rejected form ends in the core fallback and the user loses the thread).
            self.respond_to_non_answer(tracker.latest_message.get("text") or "", dispatcher, tracker)
            events.append(self.ask_again_event(requested))
        return events

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return questions_needed(_known(tracker), case_of(tracker).day())

    def _answers_now(self, tracker: Tracker, slot: str | None = None) -> bool:
        """A message answers the form unless it is a question or command; a message that fills the
        question being asked («500 000 kr» read as a threshold question) always counts as an answer."""
        return _intent(tracker) not in NOT_ANSWERS or (slot is not None and tracker.get_slot("requested_slot") == slot)

    async def extract_buyer_type(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not self._answers_now(tracker, "buyer_type"):
            return {}
        value = _heard(tracker).buyer_type
        return _with_correction_note("buyer_type", value, tracker, dispatcher)

    async def extract_contract_type(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not self._answers_now(tracker, "contract_type"):
            return {}
        value = _heard(tracker).contract_type
        return _with_correction_note("contract_type", value, tracker, dispatcher)

    async def extract_estimated_value(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not self._answers_now(tracker, "estimated_value"):
            return {}
        text = tracker.latest_message.get("text") or ""
        amount = _heard(tracker).amount
        if amount is not None:
            return _with_correction_note("estimated_value", amount, tracker, dispatcher)
        if tracker.get_slot("requested_slot") == "estimated_value" and read_answer(text) == "vet_ikke":
            dispatcher.utter_message(response="utter_procedure_value_unknown")
            return {"estimated_value": UNKNOWN_VALUE}
        return {}

    def _extract_yes_no(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != slot or not self._answers_now(tracker):
            return {}
        text = tracker.latest_message.get("text") or ""
        if _heard(tracker).amount:
            return {}  # «nei vent, det er 2 millioner» corrects an earlier answer; it does not answer this one
        answer = read_answer(text)
        return {slot: answer} if answer else {}

    async def extract_solutions_exist(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._extract_yes_no("solutions_exist", tracker)

    async def extract_research_result(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._extract_yes_no("research_result", tracker)

    async def extract_needs_adaptation(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._extract_yes_no("needs_adaptation", tracker)

    async def extract_wants_negotiation(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._extract_yes_no("wants_negotiation", tracker)

    async def extract_negotiation_ground(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._extract_yes_no("negotiation_ground", tracker)


class ActionRecommendProcedure(Action):
    def name(self) -> str:
        return "action_recommend_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        recommendation = recommend(case_of(tracker))
        dispatcher.utter_message(text=recommendation.text)
        return [*record(dispatcher, PROCEDURE, recommendation.recommended, True),
                *legal_notice(dispatcher, tracker, True), SlotSet("recommendation_why", recommendation.why_text)]
