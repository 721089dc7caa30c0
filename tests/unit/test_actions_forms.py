"""Checklist and procedure form actions with rasa-sdk fixtures (no server, no model)."""

import asyncio
import re
from pathlib import Path

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import ActionAnswerThreshold
from actions.checklist import (
    ActionAskChecklistAnswer,
    ActionChecklistSummary,
    ActionPauseChecklist,
    ActionStartChecklist,
    ValidateChecklistForm,
)
from actions.explain import ActionExplain
from actions.procedure import ActionRecommendProcedure, ActionStartProcedure, ValidateProcedureForm
from advisor.checklist import load_checklist
from tests.unit.actions_helpers import make_tracker
from tests.unit.responses import rendered, responses

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = load_checklist()
IDS = [q.id for q in CHECKLIST.questions]


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def slot_values(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_start_announces_and_resets_a_finished_walk():
    finished = dict.fromkeys(IDS, "ja")
    tracker = make_tracker(intent="start_checklist", slots={"checklist_answers": finished})
    messages, events = run(ActionStartChecklist(), tracker)
    assert messages[0]["response"] == "utter_checklist_intro"
    assert f"{len(IDS)} korte spørsmål" in rendered(messages[0])
    assert slot_values(events)["checklist_answers"] == {}


def test_start_resumes_an_unfinished_walk():
    partial = {IDS[0]: "ja", IDS[1]: "nei"}
    tracker = make_tracker(intent="start_checklist", slots={"checklist_answers": partial})
    messages, events = run(ActionStartChecklist(), tracker)
    assert "fortsetter der dere slapp" in rendered(messages[0]) and f"2 av {len(IDS)}" in rendered(messages[0])
    assert slot_values(events)["checklist_answers"] == partial


def test_ask_shows_the_first_unanswered_question_with_buttons():
    messages, _ = run(ActionAskChecklistAnswer(), make_tracker(slots={"checklist_answers": {IDS[0]: "ja"}}))
    assert messages[0]["text"].startswith(f"Spørsmål 2 av {len(IDS)}:")
    assert [b["title"] for b in messages[0]["buttons"]] == ["Ja", "Delvis", "Nei", "Vet ikke"]


def validate(value, answers):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text=value, slots={"checklist_answers": answers})
    result = ValidateChecklistForm().validate_checklist_answer(value, dispatcher, tracker, {})
    return result, dispatcher.messages


def test_typed_answer_is_stored_and_the_form_asks_the_next_question():
    result, _ = validate("ikkje enno", {})
    assert result == {"checklist_answer": None, "checklist_answers": {IDS[0]: "nei"}}


def test_last_answer_completes_the_form():
    answers = dict.fromkeys(IDS[:-1], "ja")
    result, _ = validate("nja", answers)
    assert result["checklist_answer"] == "delvis" and result["checklist_answers"][IDS[-1]] == "delvis"


def test_unclear_answer_is_asked_again_politely():
    result, messages = validate("blå", {})
    assert result == {"checklist_answer": None}
    assert rendered(messages[0]) == "Jeg forstod ikke svaret. Svar gjerne med ja, delvis, nei eller vet ikke."


def test_cleared_slot_at_start_or_resume_is_not_called_unclear():
    result, messages = validate(None, {IDS[0]: "ja"})
    assert result == {"checklist_answer": None}
    assert messages == []


def test_explanation_request_typed_as_answer_gives_the_why():
    result, messages = validate("hva betyr det?", {})
    assert result == {"checklist_answer": None}
    assert rendered(messages[0]) == f"Hvorfor vi spør: {CHECKLIST.questions[0].why}"


def test_pause_keeps_the_answers():
    messages, events = run(ActionPauseChecklist(), make_tracker(slots={"checklist_answers": {IDS[0]: "ja"}}))
    assert f"1 av {len(IDS)} svar er lagret" in rendered(messages[0])
    assert "checklist_answers" not in slot_values(events)


def test_summary_and_downloadable_note():
    answers = dict.fromkeys(IDS, "ja")
    answers[IDS[2]] = "nei"
    messages, _ = run(ActionChecklistSummary(), make_tracker(slots={"checklist_answers": answers}))
    assert messages[0]["text"].startswith("Oppsummering")
    note = messages[1]["custom"]
    assert note["type"] == "checklist_note" and note["filename"].endswith(".md")
    assert "«Kopier notat» eller «Last ned notat»" in rendered(messages[1])
    assert CHECKLIST.questions[2].text in note["content"]


def test_explain_inside_the_checklist_gives_the_current_questions_why():
    tracker = make_tracker(intent="explain_question", slots={"checklist_answers": {IDS[0]: "ja"}},
                           active_loop="checklist_form")
    messages, _ = run(ActionExplain(), tracker)
    assert rendered(messages[0]) == f"Hvorfor vi spør: {CHECKLIST.questions[1].why}"


def test_explain_after_a_recommendation_repeats_its_reason():
    recommended = {"kind": "procedure", "topic": "x", "legal": True}
    tracker = make_tracker(intent="explain_question",
                           slots={"recommendation_why": "Fordi § 13-2.", "last_answer": recommended})
    assert run(ActionExplain(), tracker)[0][0]["text"] == "Fordi § 13-2."
    # A recommendation long ago is not what «hvorfor?» after a later answer refers to.
    later = {"kind": "faq", "topic": "metode_steg", "legal": False}
    tracker = make_tracker(intent="explain_question",
                           slots={"recommendation_why": "Fordi § 13-2.", "last_answer": later})
    assert rendered(run(ActionExplain(), tracker)[0][0]) != "Fordi § 13-2."


def test_threshold_action_reads_amount_buyer_and_contract_from_text():
    tracker = make_tracker(text="vi er en kommune og skal kjøpe tjenester for 3 mill", intent="ask_threshold")
    messages, _ = run(ActionAnswerThreshold(), tracker)
    assert "del III" in messages[0]["text"] and messages[0]["text"].splitlines()[-1].startswith("Kilde:")


def test_start_procedure_prefills_what_the_first_message_said():
    tracker = make_tracker(text="vi er en kommune og skal kjøpe tjenester for 3 mill", intent="choose_procedure")
    _, events = run(ActionStartProcedure(), tracker)
    values = slot_values(events)
    assert values["buyer_type"] == "kommune" and values["contract_type"] == "tjenester"
    assert values["estimated_value"] == 3_000_000 and values["solutions_exist"] is None


def extract(method, text, intent="inform", requested=None, slots=None):
    tracker = make_tracker(text=text, intent=intent, requested_slot=requested, slots=slots,
                           active_loop="procedure_form")
    dispatcher = CollectingDispatcher()
    return asyncio.run(getattr(ValidateProcedureForm(), method)(dispatcher, tracker, {})), dispatcher.messages


def test_correction_of_the_value_on_any_turn():
    result, _ = extract("extract_estimated_value", "nei vent, det er 2 millioner", requested="solutions_exist")
    assert result == {"estimated_value": 2_000_000}
    # …and the «nei» in the correction is not taken as the answer to the pending question.
    assert extract("extract_solutions_exist", "nei vent, det er 2 millioner", requested="solutions_exist")[0] == {}


def test_unknown_value_gets_a_hint():
    result, messages = extract("extract_estimated_value", "vet ikke", intent="inform_unsure",
                               requested="estimated_value")
    assert result == {"estimated_value": "ukjent"} and "hele avtaleperioden" in rendered(messages[0])


def test_yes_no_only_for_the_requested_question_and_not_for_questions():
    answered = extract("extract_solutions_exist", "nei", intent="deny", requested="solutions_exist")[0]
    assert answered == {"solutions_exist": "nei"}
    assert extract("extract_needs_adaptation", "nei", intent="deny", requested="solutions_exist")[0] == {}
    assert extract("extract_buyer_type", "hva er terskelverdien for kommuner", intent="ask_threshold")[0] == {}


def test_recommendation_sets_the_why():
    slots = {"buyer_type": "kommune", "contract_type": "tjenester", "estimated_value": 3_000_000,
             "solutions_exist": "nei", "needs_adaptation": None, "wants_negotiation": None}
    messages, events = run(ActionRecommendProcedure(), make_tracker(slots=slots))
    assert "Innovasjonspartnerskap" in messages[0]["text"]
    assert SlotSet("recommendation_why", slot_values(events)["recommendation_why"]) in events
    assert "Kilde:" in slot_values(events)["recommendation_why"]


def test_a_bare_amount_answers_the_value_question_even_if_read_as_a_threshold_question():
    result, _ = extract("extract_estimated_value", "500 000 kr", intent="ask_threshold", requested="estimated_value")
    assert result == {"estimated_value": 500_000}


def test_an_unrecognised_question_in_the_checklist_is_answered_from_the_knowledge_search():
    result, messages = validate("hvor lang er karensperioden etter meddelelsen?", {IDS[0]: "ja"})
    assert result == {"checklist_answer": None}
    assert any(m.get("response") == "utter_faq/frister_karens" for m in messages)
    assert not any("forstod ikke" in rendered(m) for m in messages)


def test_a_correction_of_an_earlier_answer_is_confirmed():
    slots = {"buyer_type": "kommune", "contract_type": "bygg_og_anlegg"}
    result, messages = extract("extract_buyer_type", "nei vent, vi er statlige", intent="deny",
                               requested="estimated_value", slots=slots)
    assert result == {"buyer_type": "stat"}
    assert rendered(messages[0]) == "Greit, jeg endrer oppdragsgiver til statlige myndigheter."
    value, messages = extract("extract_estimated_value", "nei, det var 2 millioner", requested="solutions_exist",
                              slots={"estimated_value": 3_000_000})
    assert value == {"estimated_value": 2_000_000} and "verdien til 2 mill. kr" in rendered(messages[0])
    # A first answer is not a correction.
    _, messages = extract("extract_buyer_type", "kommune", requested="buyer_type")
    assert messages == []


PROCEDURE_DOMAIN = {"forms": {"procedure_form": {"required_slots": [
    "buyer_type", "contract_type", "estimated_value", "solutions_exist", "research_result", "needs_adaptation",
    "wants_negotiation"]}}, "slots": {}}


def run_procedure_validation(text, intent, requested, slots=None):
    tracker = make_tracker(text=text, intent=intent, requested_slot=requested, slots=slots,
                           active_loop="procedure_form")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateProcedureForm().run(dispatcher, tracker, PROCEDURE_DOMAIN))
    return events, dispatcher.messages


def test_an_unreadable_answer_gets_a_hint_and_keeps_the_form_going():
    events, messages = run_procedure_validation("vet ikke", "inform_unsure", "buyer_type")
    assert SlotSet("buyer_type", None) in events  # a slot event, so Rasa does not reject the form
    assert "hvem som kjøper" in messages[0]["text"]
    events, messages = run_procedure_validation("asdf qwerty", "nlu_fallback", "estimated_value")
    assert "«2,5 mill»" in messages[0]["text"]


def test_a_readable_answer_or_a_question_gets_no_hint():
    events, messages = run_procedure_validation("vi er en kommune", "inform", "buyer_type")
    assert {"event": "slot", "timestamp": None, "name": "buyer_type", "value": "kommune"} in events
    assert messages == []
    events, messages = run_procedure_validation("hva er konkurransepreget dialog", "faq", "buyer_type")
    assert messages == [] and not [e for e in events if e.get("name") == "buyer_type"]


def test_a_message_labelled_as_a_threshold_question_without_anything_about_thresholds_is_checked():
    tracker = make_tracker(text="hvilken farge bør logoen på rapporten ha", intent="ask_threshold",
                           ranking=["metode_steg"], selected_confidence=0.2)
    messages, events = run(ActionAnswerThreshold(), tracker)
    assert messages[0]["response"] == "utter_no_sure_answer"  # not the threshold answer
    overview = make_tracker(text="hva er terskelverdiene", intent="ask_threshold")
    assert "Terskelverdiene (uten mva.)" in run(ActionAnswerThreshold(), overview)[0][0]["text"]


def test_the_procedure_form_explains_its_question_when_asked_in_its_own_words():
    events, messages = run_procedure_validation("hva betyr det", "nlu_fallback", "solutions_exist")
    assert messages[0]["response"] == "utter_procedure_why"
    assert rendered(messages[0]).startswith("Hvorfor jeg spør: Finnes det ingen løsning i markedet")
    assert SlotSet("solutions_exist", None) in events  # …and then asks the same question again


def test_a_question_in_the_middle_of_the_procedure_form_is_answered_and_the_question_asked_again():
    tracker = make_tracker(text="hvor lang er karensperioden etter meddelelsen?", intent="inform",
                           requested_slot="buyer_type", active_loop="procedure_form", ranking=["frister_karens"])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateProcedureForm().run(dispatcher, tracker, PROCEDURE_DOMAIN))
    assert any(m.get("response") == "utter_faq/frister_karens" for m in dispatcher.messages)
    assert SlotSet("buyer_type", None) in events


def test_explain_inside_the_procedure_form_uses_the_same_explanation_as_its_validation():
    tracker = make_tracker(intent="explain_question", requested_slot="estimated_value", active_loop="procedure_form")
    messages, _ = run(ActionExplain(), tracker)
    assert messages[0]["response"] == "utter_procedure_why"
    assert "hele avtaleperioden" in rendered(messages[0])


def test_every_response_the_form_actions_send_is_in_the_domain():
    sent = set()
    for module in ("checklist", "procedure", "explain", "form_base"):
        source = (ROOT / "actions" / f"{module}.py").read_text(encoding="utf-8")
        sent |= set(re.findall(r'response="(utter_[a-z_]+)"', source))
    assert len(sent) >= 12 and sent <= set(responses())
