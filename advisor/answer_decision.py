"""The one decision of which answer a question gets.

`decide` takes the question, the conversation's case, the last answer record and the ResponseSelector's ranking,
and returns an `Answer`: the messages to send (responses by name, or text built from knowledge), the answer
record, the updated case, and whether the procedure chooser starts. The actions only read slots, call this and
send what it returns. Pure Python, no Rasa.

Order of the decision:
1. «Which procedure?» starts the chooser, whatever amount the message names (it skips what the message told).
2. «Which rules apply?» gets the threshold answer for the case; with no value named or known, a unit the answer
   check accepts comes first («fra hvilket beløp gjelder regelverket» → the lower limit).
3. A message that only states the case («vi er en kommune, 10 mill tjenester»): the last part-dependent answer
   again, now for the case; else the threshold answer for the case.
4. A unit that answers the question (the answer check): its per-part version when the case decides the part,
   else its general answer, plus one line asking for the fact that decides it. An amount with a question no
   unit answers gets the threshold answer for it.
5. Otherwise the honest «no sure answer», with the nearest units and the human contact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from advisor import facts
from advisor.answer_choice import AnswerChoice, choose_answer
from advisor.answer_records import FAQ, PROCEDURE_CHOOSER, THRESHOLD, UNKNOWN, record_payload
from advisor.answers import is_question
from advisor.case import Case
from advisor.contacts import contact_line
from advisor.faq_content import answer_variables
from advisor.knowledge import load_yaml
from advisor.part_answers import is_part_dependent, render_part_answer
from advisor.text import fold_spelling, search_terms
from advisor.thresholds import answer_threshold_question
from advisor.topics import all_topics, nearest_topics
from advisor.understanding import Understanding, mentions_thresholds, understand

THRESHOLD_TOPIC = "terskelverdier"
THRESHOLD_INTENTS = ("ask_threshold", "inform", "nlu_fallback")
# A yearly amount without the contract period does not give the value (FOA § 5-4): say so instead of a part.
YEARLY_AMOUNT_NOTE = ("Beløpet ser ut til å gjelde per år. Det som avgjør reglene, er den samlede verdien for hele "
                      "avtaleperioden, med opsjoner og forlengelser, uten mva. Skriv gjerne hvor lenge avtalen skal "
                      "vare, så regner jeg ut hvilken del som gjelder.")
_MISSING_WORDS = {"estimated_value": "verdien (uten mva.)", "contract_type": "hva dere kjøper (varer, tjenester, "
                  "bygg og anlegg eller helse- og sosialtjenester)", "buyer_type": "om dere er statlige eller en "
                  "kommune"}


@dataclass(frozen=True)
class Message:
    """One message to send: a response by name with its variables, or a text built from knowledge."""

    response: str | None = None
    text: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    json_message: dict | None = None

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for rasa_sdk's dispatcher.utter_message."""
        kwargs: dict[str, Any] = dict(self.variables)
        for name in ("response", "text", "json_message"):
            if getattr(self, name) is not None:
                kwargs[name] = getattr(self, name)
        if self.buttons:
            kwargs["buttons"] = self.buttons
        return kwargs


@dataclass(frozen=True)
class Answer:
    kind: str
    topic: str | None
    legal: bool
    messages: tuple[Message, ...]
    case: Case
    start_chooser: bool = False
    notice_given: bool = False  # the legal notice was added to this answer

    @property
    def record(self) -> dict[str, Any]:
        return record_payload(self.kind, self.topic, self.legal)["answer"]


@dataclass(frozen=True)
class Question:
    """Everything the decision reads about the latest message and the conversation."""

    text: str
    case: Case = field(default_factory=Case)
    selector_ranking: list[tuple[str, float]] = field(default_factory=list)
    last_record: dict | None = None
    intent: str | None = None
    intent_confidence: float | None = None
    entities: dict[str, str] = field(default_factory=dict)
    in_form: bool = False
    legal_notice_given: bool = False
    today: date | None = None


def decide(question: Question, choose: Callable[..., AnswerChoice] | None = None) -> Answer:
    """The answer to `question`; `choose` is the answer check that accepts or refuses a unit (default: the
    fitted check in advisor/answer_choice.py)."""
    choose = choose or choose_answer
    today = question.today or facts.today()
    heard = understand(question.text, question.entities, today)
    case = question.case.updated(heard)
    if heard.asks_procedure and not question.in_form:
        # action_start_procedure introduces the chooser and records it; the form then asks what is missing.
        return Answer(PROCEDURE_CHOOSER, None, False, (), case, start_chooser=True)
    choice = None
    if heard.asks_which_rules:
        if heard.amount is not None or case.value is not None:
            return _threshold_answer(question, case, heard, today)
        # «fra hvilket beløp gjelder regelverket», «kva reglar gjeld når me lèt rammeavtaleleverandørane konkurrere»:
        # with no value in the case, a unit the check accepts answers better than the threshold overview.
        choice = choose(question.text, question.selector_ranking, intent=question.intent,
                        intent_confidence=question.intent_confidence)
        if not choice.key:
            return _threshold_answer(question, case, heard, today)
    if _states_the_case_only(question.text, heard):
        previous = (question.last_record or {}).get("topic")
        if (question.last_record or {}).get("kind") == FAQ and is_part_dependent(previous):
            return _unit_answer(question, previous, case, today)
        return _threshold_answer(question, case, heard, today)
    choice = choice or choose(question.text, question.selector_ranking, intent=question.intent,
                              intent_confidence=question.intent_confidence)
    if choice.key:
        answer = _unit_answer(question, choice.key, case, today)
        return _in_norwegian(answer) if choice.language else answer
    if heard.amount is not None and (question.intent == "inform" or (question.intent in THRESHOLD_INTENTS
                                                                      and mentions_thresholds(question.text))):
        # A follow-up with an amount («hva med 80k?»), or a threshold question with an amount that no unit
        # answers: which rules apply to that amount is a sure answer. Any other question with an amount gets
        # the honest unknown.
        return _threshold_answer(question, case, heard, today)
    if question.intent == "ask_threshold" and _asks_for_overview(question.text, heard):
        # «eøs terskelverdi for kommuner varer»: a threshold question no unit answers gets the overview of the
        # thresholds (for the case's buyer and contract type), a sure answer from knowledge/regelverk.yml.
        return _threshold_answer(question, case, heard, today)
    answer = _no_sure_answer(question, choice.nearest, case)
    return _in_norwegian(answer) if choice.language else answer


def _in_norwegian(answer: Answer) -> Answer:
    """A question in English, Swedish or Danish: one line first saying the assistant answers in Norwegian."""
    return replace(answer, messages=(Message(response="utter_answers_in_norwegian"), *answer.messages))


def answer_topic(question: Question, key: str) -> Answer:
    """Unit `key`'s answer for the conversation's case (a topic chosen by button)."""
    today = question.today or facts.today()
    return _unit_answer(question, key, question.case, today)


# A statement of the case is short: «vi er en statlig virksomhet og skal kjøpe varer for 1,45 mill» has six
# content words; a longer message without a question mark says something more and goes to the answer check.
CASE_STATEMENT_WORDS = 7
# Words that ask something anywhere in a message («…, hva risikerer vi», «…, skal vi ha skatteattest»).
_ASKING = re.compile(r"\b(hva|kva|ka|hvordan|korleis|koss|hvem|kven|hvorfor|kvifor|korfor|nar|holder|risikerer|"
                     r"(ma|kan|bor|skal|trenger|treng|far|gjelder|gjeld) (vi|me|eg|jeg|dere|de|det|man|ein|en) "
                     r"(ha|bruke|nytte|kreve|krevje|gjere|gjore|ikke|ikkje|forhandle|kunngjore|kunngjere|be|sjekke))\b")


def _states_the_case_only(text: str, heard: Understanding) -> bool:
    """«vi er en kommune, 10 mill tjenester»: an amount, and no question of its own."""
    return ((heard.amount is not None or heard.yearly_without_period) and "?" not in text
            and not _ASKING.search(fold_spelling(text))
            and not is_question(text) and len(search_terms(text)) <= CASE_STATEMENT_WORDS)


def _threshold_answer(question: Question, case: Case, heard: Understanding, today: date) -> Answer:
    # A general question about the thresholds («hva er terskelverdiene?») gets the overview, narrowed to the
    # buyer and contract type the case knows; a value named now or earlier gets the answer for that value.
    value = case.value if heard.amount is not None or not _asks_for_overview(question.text, heard) else None
    day = case.day(today)
    notes = [transition_note(day)] if case.started_before_change(today) else []
    if heard.yearly_without_period:
        notes.insert(0, YEARLY_AMOUNT_NOTE)
    text = answer_threshold_question(value, case.buyer_type, case.contract_type, day, notes=notes)
    return _finish(question, THRESHOLD, THRESHOLD_TOPIC, True, [Message(text=text)], case)


def _asks_for_overview(text: str, heard: Understanding) -> bool:
    return heard.amount is None and "terskel" in text.lower()


def transition_note(day: date) -> str:
    return facts.fill(load_yaml("terskelverdier.yml")["transition_note"], day)


def _unit_answer(question: Question, key: str, case: Case, today: date) -> Answer:
    topic = all_topics()[key]
    day = case.day(today)
    messages: list[Message] = []
    part = case.part(today) if is_part_dependent(key) else None
    text = render_part_answer(key, part, day) if part else None
    if text is not None:
        lines = [case.case_line(today) or ""]
        if case.started_before_change(today):
            lines.append(transition_note(day))
        messages.append(Message(text="\n".join([*filter(None, lines), text])))
    else:
        messages.append(Message(response=f"utter_faq/{key}", variables=answer_variables(key, day)))
        missing = case.missing_for_part(today) if is_part_dependent(key) else []
        if missing:
            asked = " og ".join(_MISSING_WORDS[name] for name in missing[:2])
            messages.append(Message(response="utter_case_missing", variables={"missing": asked}))
    return _finish(question, FAQ, key, topic.legal, messages, case)


def _no_sure_answer(question: Question, nearest: list[str], case: Case) -> Answer:
    buttons = [{"title": topic.title, "payload": topic.payload} for topic in nearest_topics(nearest, limit=3)]
    buttons.append({"title": "Kontakt innkjøp", "payload": "/request_human"})
    message = Message(response="utter_no_sure_answer", buttons=buttons, variables={"kontakt": contact_line()})
    return _finish(question, UNKNOWN, None, False, [message], case)


def legal_notice_due(legal: bool, given: bool) -> bool:
    """«veiledning, ikke juridisk rådgivning» comes once per conversation, after the first legal answer (also for
    the procedure recommendation, which its action sends after the form)."""
    return legal and not given


def _finish(question: Question, kind: str, topic: str | None, legal: bool, messages: list[Message], case: Case,
            start_chooser: bool = False) -> Answer:
    """The answer's messages, its record, and the legal notice once per conversation after a legal answer."""
    sent = [*messages, Message(json_message=record_payload(kind, topic, legal))]
    notice = legal_notice_due(legal, question.legal_notice_given)
    if notice:
        sent.append(Message(response="utter_legal_notice"))
    return Answer(kind, topic, legal, tuple(sent), case, start_chooser=start_chooser, notice_given=notice)
