"""«Hva betyr det?» / «hvorfor?»: explains what the conversation is in the middle of."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form_base import LAST_ANSWER_SLOT, form_question_why, record
from advisor.answer_decision import THRESHOLD_TOPIC
from advisor.answer_records import FAQ, PROCEDURE, THRESHOLD
from advisor.faq_content import answer_variables
from advisor.thresholds import threshold_sources
from advisor.topics import all_topics


class ActionExplain(Action):
    def name(self) -> str:
        return "action_explain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        # In a form: why it asks the question being asked (the same explanation its validation gives).
        why = form_question_why(tracker)
        if why:
            dispatcher.utter_message(response=why[0], why=why[1])
            return []
        previous = tracker.get_slot(LAST_ANSWER_SLOT) or {}
        if previous.get("kind") == PROCEDURE and tracker.get_slot("recommendation_why"):
            dispatcher.utter_message(text=tracker.get_slot("recommendation_why"))
            return record(dispatcher, PROCEDURE, previous.get("topic"), True)
        key = previous.get("topic")
        if previous.get("kind") == FAQ and key in all_topics():
            # «Hvorfor?» after an answer: the reasons are the sources the answer rests on.
            dispatcher.utter_message(response="utter_why_answer", tittel=all_topics()[key].title,
                                     kilde=answer_variables(key)["kilde"])
            return record(dispatcher, FAQ, key, all_topics()[key].legal)
        if previous.get("kind") == THRESHOLD:
            dispatcher.utter_message(response="utter_why_answer", tittel="terskelverdiene",
                                     kilde=threshold_sources())
            return record(dispatcher, THRESHOLD, THRESHOLD_TOPIC, True)
        dispatcher.utter_message(response="utter_explain_what")
        return []
