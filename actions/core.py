"""Actions for the basic conversation: human contact, topic buttons, low confidence."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import latest_answer_record, legal_notice_after, show_faq_answer, with_legal_notice
from actions.checklist import record_typed_checklist_answer
from actions.fallback import answer_question
from advisor.contacts import contact_text
from advisor.topics import all_topics


class ActionHumanContact(Action):
    def name(self) -> str:
        return "action_human_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(text=contact_text())
        return []


class ActionShowTopic(Action):
    """Shows a FAQ answer chosen by button, so buttons never depend on NLU."""

    def name(self) -> str:
        return "action_show_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        key = tracker.get_slot("topic")
        if key not in all_topics():
            dispatcher.utter_message(response="utter_help")
            return [SlotSet("topic", None)]
        show_faq_answer(dispatcher, key)
        return with_legal_notice(dispatcher, tracker, [])


class ActionLegalNotice(Action):
    """The legal notice for an answer given by an earlier action of the turn (the procedure recommendation
    after its form); answering actions add it themselves (with_legal_notice)."""

    def name(self) -> str:
        return "action_legal_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return legal_notice_after(latest_answer_record(tracker), dispatcher, tracker)


class ActionAnswerFaq(Action):
    """Answers a question with the unit that covers it (advisor/answer_choice.py), or says plainly that
    there is no sure answer. DIET is often sure that a message is «some FAQ» even when no unit answers it."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        # In the checklist, a statement such as «vi har ikke kartlagt behovet» answers the question.
        answered = record_typed_checklist_answer(dispatcher, tracker)
        if answered is not None:
            return answered
        events = [SlotSet("topic", answer_question(dispatcher, tracker))]
        return with_legal_notice(dispatcher, tracker, events)


class ActionUncertain(Action):
    """Low NLU confidence: a unit that clearly covers the question, a threshold answer for an amount, or the
    honest «no sure answer» with the nearest topics and the human contact. Never a dead end."""

    def name(self) -> str:
        return "action_uncertain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        events = [SlotSet("topic", answer_question(dispatcher, tracker, amounts_first=True))]
        return with_legal_notice(dispatcher, tracker, events)
