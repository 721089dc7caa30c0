"""What the forms that ask one question at a time (the checklist and the procedure chooser) share.

In the style of the custom form validation base in RasaHQ/financial-demo: when a message does not answer
the question being asked, the form says why it asks («hvorfor?», «hva betyr det?»), answers a question
typed in the middle of the form, or gives a hint – and then asks the same question again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import answer_question
from advisor.answers import is_explanation_request, is_question


class QuestionFormValidation(FormValidationAction, ABC):
    """Base of a form's validation action; each form names its «why» response and gives its hint."""

    # The response that shows why the form asks the current question, with the variable {why}.
    why_response: str

    @abstractmethod
    def why(self, tracker: Tracker) -> str | None:
        """Why the form asks the question being asked now (from knowledge/), or None when none is asked."""

    @abstractmethod
    def say_hint(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """Tells the user how to answer the question being asked."""

    def explain(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Says why the current question is asked; False when no question is being asked."""
        why = self.why(tracker)
        if why:
            dispatcher.utter_message(response=self.why_response, why=why)
        return bool(why)

    def respond_to_non_answer(self, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """A message that does not answer the question: the explanation asked for, an answer to the user's
        own question, or a hint. The caller then clears the slot so the form asks the same question again."""
        if is_explanation_request(text) and self.explain(dispatcher, tracker):
            return
        if is_question(text):
            answer_question(dispatcher, tracker)
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
