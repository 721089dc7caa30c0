"""What the actions share: reading the conversation into an advisor question, sending an advisor answer, and
the base of the forms that ask one question at a time (the checklist and the procedure chooser).

In the style of the custom form validation base in RasaHQ/financial-demo: when a message does not answer
the question being asked, the form says why it asks («hvorfor?», «hva betyr det?»), answers a question
typed in the middle of the form, or gives a hint – and then asks the same question again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from advisor.answer_decision import Answer, Question, decide, legal_notice_due
from advisor.answer_records import record_payload
from advisor.answers import is_explanation_request, is_question
from advisor.case import QUESTION_ORDER, STARTED_SLOT, Case
from advisor.checklist import first_unanswered, load_checklist
from advisor.knowledge import load_yaml
from advisor.topics import all_topics, topic_key_from_response_key

FAQ_RETRIEVAL_INTENT = "faq"
# The slot that holds the last answer record (what «hvorfor?» explains).
LAST_ANSWER_SLOT = "last_answer"


def selector_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """[(topic key, confidence)] from the ResponseSelector's ranking of the latest message, best first."""
    selection = (tracker.latest_message.get("response_selector") or {}).get(FAQ_RETRIEVAL_INTENT) or {}
    pairs = [(topic_key_from_response_key(item.get("intent_response_key")), float(item.get("confidence") or 0.0))
             for item in selection.get("ranking") or []]
    return [(key, confidence) for key, confidence in pairs if key in all_topics()]


def entity_values(tracker: Tracker) -> dict[str, str]:
    """The first value of each entity NLU found in the latest message."""
    values: dict[str, str] = {}
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("value") is not None:
            values.setdefault(entity["entity"], str(entity["value"]))
    return values


def case_of(tracker: Tracker) -> Case:
    return Case.from_slots({name: tracker.get_slot(name) for name in (*QUESTION_ORDER, STARTED_SLOT)})


def question_of(tracker: Tracker) -> Question:
    """The latest message and what the conversation knows, as the advisor's decision reads them."""
    return Question(
        text=tracker.latest_message.get("text") or "",
        case=case_of(tracker),
        selector_ranking=selector_ranking(tracker),
        last_record=tracker.get_slot(LAST_ANSWER_SLOT),
        intent=(tracker.latest_message.get("intent") or {}).get("name"),
        intent_confidence=(tracker.latest_message.get("intent") or {}).get("confidence"),
        entities=entity_values(tracker),
        in_form=bool(tracker.active_loop_name),
        legal_notice_given=bool(tracker.get_slot("legal_notice_given")),
    )


def send(dispatcher: CollectingDispatcher, answer: Answer, keep_case: bool = False) -> list[dict]:
    """Sends the answer's messages; returns the slot events it implies. Inside a form (`keep_case`), the case
    slots are the form's answers and are left to the form's own extraction."""
    for message in answer.messages:
        dispatcher.utter_message(**message.as_kwargs())
    events = [SlotSet("topic", answer.topic)]
    if answer.messages:
        events.append(SlotSet(LAST_ANSWER_SLOT, answer.record))
    if not keep_case:
        events += [SlotSet(name, value) for name, value in answer.case.slot_values().items()]
    if answer.notice_given:
        events.append(SlotSet("legal_notice_given", True))
    if answer.start_chooser:
        events.append(FollowupAction("action_start_procedure"))
    return events


def record(dispatcher: CollectingDispatcher, kind: str, topic: str | None, legal: bool) -> list[dict]:
    """Records an answer given outside the decision (checklist, recommendation); returns the slot event."""
    payload = record_payload(kind, topic, legal)
    dispatcher.utter_message(json_message=payload)
    return [SlotSet(LAST_ANSWER_SLOT, payload["answer"])]


def legal_notice(dispatcher: CollectingDispatcher, tracker: Tracker, legal: bool) -> list[dict]:
    """«veiledning, ikke juridisk rådgivning» once per conversation, after a legal answer."""
    if not legal_notice_due(legal, bool(tracker.get_slot("legal_notice_given"))):
        return []
    dispatcher.utter_message(response="utter_legal_notice")
    return [SlotSet("legal_notice_given", True)]


def answer_latest_message(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    """The advisor's answer to the latest message, sent."""
    return send(dispatcher, decide(question_of(tracker)), keep_case=bool(tracker.active_loop_name))


class QuestionFormValidation(FormValidationAction, ABC):
    """Base of a form's validation action; each form names its «why» response and gives its hint."""

    @abstractmethod
    def say_hint(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """Tells the user how to answer the question being asked."""

    def explain(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Says why the current question is asked; False when no question is being asked."""
        why = form_question_why(tracker, self.form_name())
        if why:
            dispatcher.utter_message(response=why[0], why=why[1])
        return bool(why)

    def respond_to_non_answer(self, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """A message that does not answer the question: the explanation asked for, an answer to the user's
        own question, or a hint. The caller then clears the slot so the form asks the same question again."""
        if is_explanation_request(text) and self.explain(dispatcher, tracker):
            return
        if is_question(text):
            answer_latest_message(dispatcher, tracker)
            return
        self.say_hint(dispatcher, tracker)

    @staticmethod
    def ask_again(slot: str) -> dict[str, Any]:
        """The slot update that makes the form ask `slot` once more."""
        return {slot: None}

    @staticmethod
    def ask_again_event(slot: str) -> dict[str, Any]:
        """As ask_again, as an event for a run() override (a slot event, so Rasa does not reject the form)."""
        return SlotSet(slot, None)


def form_question_why(tracker: Tracker, form: str | None = None) -> tuple[str, str] | None:
    """(response, why) for the question the form (default: the active one) is asking now, or None."""
    form = form or tracker.active_loop_name
    if form == "checklist_form":
        checklist = load_checklist()
        question_id = first_unanswered(checklist, dict(tracker.get_slot("checklist_answers") or {}))
        question = next((q for q in checklist.questions if q.id == question_id), None)
        return ("utter_checklist_why", question.why) if question is not None and question.why else None
    if form == "procedure_form":
        why = load_yaml("prosedyrevalg.yml")["why"].get(tracker.get_slot("requested_slot") or "")
        return ("utter_procedure_why", why) if why else None
    return None
