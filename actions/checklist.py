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

from actions.answers import CHECKLIST, record_answer
from actions.form_base import QuestionFormValidation
from advisor.answers import ANSWER_LABELS, read_answer
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
        record_answer(dispatcher, CHECKLIST, None, False)
        return [SlotSet("checklist_answers", answers), SlotSet("checklist_answer", None)]


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


def record_typed_checklist_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict] | None:
    """Events that store a sentence like «vi har ikke tenkt på brukerne enda» as the answer to the pending
    checklist question, when NLU took it for a FAQ question; None when it is not such an answer."""
    if (tracker.active_loop or {}).get("name") != "checklist_form":
        return None
    text = tracker.latest_message.get("text") or ""
    answer = read_answer(text)
    checklist = load_checklist()
    answers = answers_of(tracker)
    question_id = first_unanswered(checklist, answers)
    if answer is None or question_id is None:
        return None
    answers[question_id] = answer
    dispatcher.utter_message(response="utter_checklist_noted", answer_label=ANSWER_LABELS[answer])
    finished = first_unanswered(checklist, answers) is None
    # When that was the last question, the filled slot lets the form finish and the summary follow.
    return [SlotSet("checklist_answers", answers), SlotSet("checklist_answer", answer if finished else None)]


class ValidateChecklistForm(QuestionFormValidation):
    why_response = "utter_checklist_why"

    def name(self) -> str:
        return "validate_checklist_form"

    def why(self, tracker: Tracker) -> str | None:
        question = current_question(tracker)
        return question.why if question is not None else None

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
