"""Core actions with rasa-sdk fixtures: contact, topic buttons, legal notice, fallback search."""

import asyncio

import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import (
    FAQ_MIN_CONFIDENCE,
    ActionAnswerFaq,
    ActionHumanContact,
    ActionLegalNotice,
    ActionShowTopic,
    ActionUncertain,
)
from actions.thresholds import ActionAnswerThreshold
from advisor.knowledge import knowledge_dir
from tests.unit.actions_helpers import make_tracker


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_human_contact_reads_the_config_file():
    contact = yaml.safe_load((knowledge_dir() / "kontakt.yml").read_text(encoding="utf-8"))
    messages, events = run(ActionHumanContact(), make_tracker(intent="request_human"))
    assert contact["email"] in messages[0]["text"] and contact["phone"] in messages[0]["text"]
    assert events == []


def test_show_topic_utters_the_topic_response():
    tracker = make_tracker(intent="show_topic", slots={"topic": "metode_steg"})
    messages, _ = run(ActionShowTopic(), tracker)
    assert messages[0]["response"] == "utter_faq/metode_steg"


def test_show_topic_with_unknown_key_falls_back_to_help():
    tracker = make_tracker(intent="show_topic", slots={"topic": "finnes_ikke"})
    messages, events = run(ActionShowTopic(), tracker)
    assert messages[0]["response"] == "utter_help"
    assert SlotSet("topic", None) in events


def test_legal_notice_after_a_legal_faq_only_once():
    tracker = make_tracker(intent="faq", slots={"topic": "lov_dialog_lovlig", "legal_notice_given": False})
    messages, events = run(ActionLegalNotice(), tracker)
    assert messages[0]["response"] == "utter_legal_notice"
    assert SlotSet("legal_notice_given", True) in events

    already = make_tracker(intent="faq", slots={"topic": "lov_dialog_lovlig", "legal_notice_given": True})
    assert run(ActionLegalNotice(), already) == ([], [])


def test_no_legal_notice_after_a_method_answer():
    tracker = make_tracker(intent="faq", slots={"topic": "metode_fem_hvorfor", "legal_notice_given": False})
    assert run(ActionLegalNotice(), tracker) == ([], [])


def test_no_legal_notice_when_no_answer_was_shown():
    tracker = make_tracker(intent="faq", ranking=["lov_dialog_lovlig"], slots={"topic": None})
    assert run(ActionLegalNotice(), tracker) == ([], [])


def test_legal_notice_after_a_threshold_answer_or_a_recommendation():
    for action in ("action_answer_threshold", "action_recommend_procedure"):
        events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": "x"},
                  {"event": "action", "name": action}, {"event": "bot", "text": "svar"}]
        tracker = make_tracker(intent="deny", events=events, slots={"topic": "metode_steg"})
        messages, _ = run(ActionLegalNotice(), tracker)
        assert messages and messages[0]["response"] == "utter_legal_notice", action


def test_confident_faq_choice_is_answered_directly_and_remembered():
    tracker = make_tracker(text="hva er fem hvorfor", ranking=["metode_fem_hvorfor"], selected_confidence=0.9)
    messages, events = run(ActionAnswerFaq(), tracker)
    assert [m["response"] for m in messages] == ["utter_faq/metode_fem_hvorfor"]
    assert SlotSet("topic", "metode_fem_hvorfor") in events


def test_unsure_faq_choice_is_checked_against_the_knowledge_search():
    # The selector guessed a wrong topic without confidence; the search finds the karens answer.
    tracker = make_tracker(
        text="hvor lang er karensperioden etter meddelelsen",
        ranking=["metode_lup"], selected_confidence=FAQ_MIN_CONFIDENCE / 2,
    )
    messages, events = run(ActionAnswerFaq(), tracker)
    assert "usikker" in messages[0]["text"]
    assert messages[1]["response"] == "utter_faq/frister_karens"
    assert SlotSet("topic", "frister_karens") in events
    assert any("metode_lup" in b["payload"] for m in messages for b in m.get("buttons", []))


def test_off_topic_text_labelled_faq_is_not_answered_with_a_random_topic():
    tracker = make_tracker(text="hva er meningen med livet", ranking=["lov_lovendring"], selected_confidence=0.24)
    messages, events = run(ActionAnswerFaq(), tracker)
    assert not any((m.get("response") or "").startswith("utter_faq/") for m in messages)
    assert "usikker" in messages[-1]["text"]
    assert SlotSet("topic", None) in events


def test_threshold_follow_up_keeps_buyer_and_contract_type():
    tracker = make_tracker(text="hva med 80k", intent="inform", slots={"buyer_type": "kommune", "contract_type": "tjenester"})
    messages, events = run(ActionAnswerThreshold(), tracker)
    assert "80 000 kr" in messages[0]["text"] and "gjelder ikke" in messages[0]["text"]
    bigger = make_tracker(text="og 3 mill da?", intent="inform", slots={"buyer_type": "kommune", "contract_type": "tjenester"})
    messages, events = run(ActionAnswerThreshold(), bigger)
    assert "del III" in messages[0]["text"] and "2,3 mill" in messages[0]["text"]
    assert SlotSet("buyer_type", "kommune") in events


def test_uncertain_without_any_match_offers_menu_and_human_contact():
    tracker = make_tracker(text="xyzzy qwerty", intent="nlu_fallback", ranking=["metode_steg", "dialog_former"])
    messages, _ = run(ActionUncertain(), tracker)
    assert "usikker" in messages[0]["text"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert "/help" in payloads and "/request_human" in payloads
    assert any("metode_steg" in p for p in payloads)


def test_unsure_statement_with_an_amount_gets_the_threshold_answer_and_the_legal_notice():
    tracker = make_tracker(
        text="vi er en statlig virksomhet og skal kjøpe varer for 1,45 mill",
        ranking=["eksempel_holmen"], selected_confidence=0.1,
    )
    messages, events = run(ActionAnswerFaq(), tracker)
    assert "For 1,45 mill. kr uten mva. gjelder **del I og del II**" in messages[0]["text"]
    assert "1,49 mill. kr" in messages[0]["text"]
    notice = make_tracker(slots={"topic": slot_values(events)["topic"], "legal_notice_given": False})
    assert run(ActionLegalNotice(), notice)[0][0]["response"] == "utter_legal_notice"


def slot_values(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_statement_in_the_checklist_read_as_a_faq_question_answers_the_pending_question():
    from advisor.checklist import load_checklist

    ids = [q.id for q in load_checklist().questions]
    tracker = make_tracker(text="vi har ikke tenkt på brukerne enda", ranking=["prosedyre_konkurransepreget_dialog"],
                           selected_confidence=0.2, slots={"checklist_answers": {ids[0]: "ja"}},
                           active_loop="checklist_form", requested_slot="checklist_answer")
    messages, events = run(ActionAnswerFaq(), tracker)
    assert messages[0]["text"] == "Jeg noterer svaret som «Nei»."
    assert SlotSet("checklist_answers", {ids[0]: "ja", ids[1]: "nei"}) in events
    assert SlotSet("checklist_answer", None) in events  # not the last question: the form asks the next one

    last = make_tracker(text="det er gjort", ranking=["metode_steg"], selected_confidence=0.9,
                        slots={"checklist_answers": dict.fromkeys(ids[:-1], "nei")}, active_loop="checklist_form")
    _, events = run(ActionAnswerFaq(), last)
    assert SlotSet("checklist_answer", "ja") in events  # the last answer fills the form, so the summary follows


def test_a_question_in_the_checklist_still_gets_its_faq_answer():
    tracker = make_tracker(text="hva er fem hvorfor?", ranking=["metode_fem_hvorfor"], selected_confidence=0.9,
                           slots={"checklist_answers": {}}, active_loop="checklist_form")
    messages, _ = run(ActionAnswerFaq(), tracker)
    assert messages[0]["response"] == "utter_faq/metode_fem_hvorfor"
