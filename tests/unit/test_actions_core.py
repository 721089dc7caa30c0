"""Core actions with rasa-sdk fixtures: contact, topic buttons, legal notice, fallback search."""

import asyncio

import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import ActionHumanContact, ActionLegalNotice, ActionShowTopic, ActionUncertain
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
    tracker = make_tracker(intent="faq", ranking=["lov_dialog_lovlig"], slots={"legal_notice_given": False})
    messages, events = run(ActionLegalNotice(), tracker)
    assert messages[0]["response"] == "utter_legal_notice"
    assert SlotSet("legal_notice_given", True) in events

    already = make_tracker(intent="faq", ranking=["lov_dialog_lovlig"], slots={"legal_notice_given": True})
    assert run(ActionLegalNotice(), already) == ([], [])


def test_no_legal_notice_after_a_method_answer():
    tracker = make_tracker(intent="faq", ranking=["metode_fem_hvorfor"], slots={"legal_notice_given": False})
    assert run(ActionLegalNotice(), tracker) == ([], [])


def test_uncertain_without_any_match_offers_menu_and_human_contact():
    tracker = make_tracker(text="xyzzy qwerty", intent="nlu_fallback", ranking=["metode_steg", "dialog_former"])
    messages, _ = run(ActionUncertain(), tracker)
    assert "usikker" in messages[0]["text"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert "/help" in payloads and "/request_human" in payloads
    assert any("metode_steg" in p for p in payloads)
