"""«Hva betyr det?» / «hvorfor?»: explains what the conversation is in the middle of."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import FAQ, PROCEDURE, THRESHOLD, THRESHOLD_TOPIC, last_answer_record, record_answer
from actions.checklist import ValidateChecklistForm
from actions.form_base import QuestionFormValidation
from actions.procedure import ValidateProcedureForm
from advisor.faq_content import answer_variables
from advisor.thresholds import threshold_sources
from advisor.topics import all_topics

FORMS: tuple[QuestionFormValidation, ...] = (ValidateChecklistForm(), ValidateProcedureForm())


class ActionExplain(Action):
    def name(self) -> str:
        return "action_explain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        # In a form: why it asks the question being asked (the same explanation its validation gives).
        form = next((form for form in FORMS if form.form_name() == tracker.active_loop_name), None)
        if form is not None and form.explain(dispatcher, tracker):
            return []
        previous = last_answer_record(tracker) or {}
        if previous.get("kind") == PROCEDURE and tracker.get_slot("recommendation_why"):
            dispatcher.utter_message(text=tracker.get_slot("recommendation_why"))
            record_answer(dispatcher, PROCEDURE, previous.get("topic"), True)
            return []
        key = previous.get("topic")
        if previous.get("kind") == FAQ and key in all_topics():
            # «Hvorfor?» after an answer: the reasons are the sources the answer rests on.
            dispatcher.utter_message(response="utter_why_answer", tittel=all_topics()[key].title,
                                     kilde=answer_variables(key)["kilde"])
            record_answer(dispatcher, FAQ, key, all_topics()[key].legal)
            return []
        if previous.get("kind") == THRESHOLD:
            dispatcher.utter_message(response="utter_why_answer", tittel="terskelverdiene",
                                     kilde=threshold_sources())
            record_answer(dispatcher, THRESHOLD, THRESHOLD_TOPIC, True)
            return []
        dispatcher.utter_message(response="utter_explain_what")
        return []
