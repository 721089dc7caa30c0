"""The checklist «Kan anskaffelsen gjøres innovativ?» as a form: one question at a time.

The questions live in knowledge/sjekkliste.yml; the form asks the single slot `checklist_answer`
once per question and keeps all answers in `checklist_answers`, so the content owner can add or
change questions without touching the domain. Answers are stored in the tracker store and
survive a server restart.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.form_base import QuestionFormValidation, record
from advisor.answer_records import CHECKLIST
from advisor.answers import is_question, read_answer
from advisor.checklist import first_unanswered, load_checklist, question_prompt, summary_note, summary_text

ANSWER_BUTTONS = [
    {"title": "Ja", "payload": "ja"},
    {"title": "Delvis", "payload": "delvis"},
    {"title": "Nei", "payload": "nei"},
    {"title": "Vet ikke", "payload": "vet ikke"},
]


def answers_of(tracker: Tracker) -> dict[str, str]:
    return dict(tracker.get_slot("checklist_answers") or {})


def question_index(checklist, question_id: str) -> int:
    return next(i for i, question in enumerate(checklist.questions) if question.id == question_id)


def current_question(tracker: Tracker):
    """The question being asked now (the first unanswered one), or None when all are answered."""
    checklist = load_checklist()
    question_id = first_unanswered(checklist, answers_of(tracker))
    if question_id is None:
        return None
    return checklist.questions[question_index(checklist, question_id)]


class ActionStartChecklist(Action):
    """Starts the checklist, or resumes an unfinished one at the first unanswered question."""

    def name(self) -> str:
        return "action_start_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        checklist = load_checklist()
        answers = answers_of(tracker)
        total = len(checklist.questions)
        unfinished = answers and first_unanswered(checklist, answers) is not None
        if unfinished:
            dispatcher.utter_message(response="utter_checklist_resumed", answered=len(answers), total=total)
        else:
            answers = {}
            dispatcher.utter_message(response="utter_checklist_intro", total=total)
        return [*record(dispatcher, CHECKLIST, None, False), SlotSet("checklist_answers", answers),
                SlotSet("checklist_answer", None)]


class ActionRestartChecklist(Action):
    def name(self) -> str:
        return "action_restart_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        total = len(load_checklist().questions)
        dispatcher.utter_message(response="utter_checklist_restarted", total=total)
        return [SlotSet("checklist_answers", {}), SlotSet("checklist_answer", None)]


class ActionPauseChecklist(Action):
    def name(self) -> str:
        return "action_pause_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        total = len(load_checklist().questions)
        answered = len(answers_of(tracker))
        dispatcher.utter_message(response="utter_checklist_paused", answered=answered, total=total)
        return [SlotSet("checklist_answer", None), SlotSet("requested_slot", None)]


class ActionAskChecklistAnswer(Action):
    def name(self) -> str:
        return "action_ask_checklist_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        checklist = load_checklist()
        question_id = first_unanswered(checklist, answers_of(tracker))
        if question_id is not None:
            dispatcher.utter_message(
                text=question_prompt(checklist, question_index(checklist, question_id)), buttons=ANSWER_BUTTONS
            )
        return []


class ValidateChecklistForm(QuestionFormValidation):
    def name(self) -> str:
        return "validate_checklist_form"

    async def extract_checklist_answer(self, dispatcher, tracker: Tracker, domain: dict[str, Any]) -> dict[str, Any]:
        """A statement NLU took for a question («vi har ikke kartlagt behovet») still answers the question
        being asked; the slot mapping takes only messages NLU saw as answers."""
        if tracker.get_slot("requested_slot") != "checklist_answer" or tracker.get_slot("checklist_answer"):
            return {}
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in ("faq", "nlu_fallback") and not is_question(text) and read_answer(text) is not None:
            return {"checklist_answer": text}
        return {}

    def say_hint(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        dispatcher.utter_message(response="utter_checklist_unclear")

    def validate_checklist_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        checklist = load_checklist()
        answers = answers_of(tracker)
        question_id = first_unanswered(checklist, answers)
        if question_id is None:
            return {"checklist_answer": "ferdig"}
        if value is None:
            # The start/resume actions clear the slot; that is not an answer to complain about.
            return {"checklist_answer": None}
        answer = read_answer(str(value))
        if answer is None:
            self.respond_to_non_answer(str(value), dispatcher, tracker)
            return self.ask_again("checklist_answer")
        answers[question_id] = answer
        finished = first_unanswered(checklist, answers) is None
        return {"checklist_answer": answer if finished else None, "checklist_answers": answers}


class ActionChecklistSummary(Action):
    """The summary in the chat plus the note as a custom payload the widget can copy or download."""

    def name(self) -> str:
        return "action_checklist_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        checklist = load_checklist()
        answers = answers_of(tracker)
        today = date.today()
        dispatcher.utter_message(text=summary_text(checklist, answers, today))
        dispatcher.utter_message(
            response="utter_checklist_note",
            json_message={
                "type": "checklist_note",
                "filename": f"sjekkliste-innovativ-anskaffelse-{today.isoformat()}.md",
                "content": summary_note(checklist, answers, today),
            },
        )
        return [SlotSet("checklist_answer", None)]
