"""«Var dette nyttig?»: the payload the channels let through, and the thanks of the action."""

import asyncio
import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ActionFeedback
from channels.common import prepare_user_text
from tests.unit.actions_helpers import make_tracker
from tests.unit.responses import rendered


def fields_of(payload: str) -> dict:
    assert payload.startswith("/feedback{")
    return json.loads(payload[len("/feedback"):])


def test_the_widgets_payloads_pass_in_canonical_form():
    assert fields_of(prepare_user_text('/feedback{"rating": "ja", "topic": "metode_steg"}')) == {
        "rating": "ja", "topic": "metode_steg"}
    comment = '/feedback{"rating":"nei","topic":"ask_threshold","comment":"  Mangler\\nbeløp  }{ \\"x\\" "}'
    assert fields_of(prepare_user_text(comment)) == {
        "rating": "nei", "topic": "ask_threshold", "comment": 'Mangler beløp }{ "x"'}


@pytest.mark.parametrize(
    "typed",
    [
        '/feedback{"rating": "ja", "topic": "metode_steg", "buyer_type": "statlig"}',  # extra entity
        '/feedback{"rating": "kanskje", "topic": "metode_steg"}',
        '/feedback{"rating": "ja", "topic": "Metode steg"}',
        '/feedback{"rating": "ja", "topic": "metode_steg", "comment": 5}',
        '/feedback{"rating": "ja"}',
        '/feedback_x{"rating": "ja", "topic": "metode_steg"}',
        '/feedback{"rating": "ja", "topic": "metode_steg"} /restart',
        '/feedback["ja"]',
        "/feedback",
    ],
)
def test_anything_else_typed_as_feedback_becomes_plain_text(typed):
    assert not prepare_user_text(typed).startswith("/")


def test_personal_data_in_a_comment_is_masked_even_when_escaped():
    payload = prepare_user_text(
        '/feedback{"rating": "nei", "topic": "metode_steg", "comment": "ring 912 34 567 eller ola\\u0040kommune.no"}'
    )
    comment = fields_of(payload)["comment"]
    assert "912" not in comment and "ola" not in comment
    assert "[telefonnummer fjernet]" in comment and "[e-post fjernet]" in comment


def test_a_long_comment_is_cut_and_an_empty_one_dropped():
    long = prepare_user_text(json.dumps({"rating": "nei", "topic": "x", "comment": "a" * 900}).join(["/feedback", ""]))
    assert len(fields_of(long)["comment"]) == 500
    empty = prepare_user_text('/feedback{"rating": "nei", "topic": "x", "comment": "   "}')
    assert fields_of(empty) == {"rating": "nei", "topic": "x"}


@pytest.mark.parametrize(
    "entities, expected",
    [
        ({"rating": "ja", "topic": "metode_steg"}, "Takk for tilbakemeldingen! Spør gjerne om noe mer."),
        ({"rating": "nei", "topic": "metode_steg"}, "Takk for at du sier fra. Innkjøpsavdelingen bruker"),
        ({"rating": "nei", "topic": "metode_steg", "comment": "For lang"}, "Takk for kommentaren! Den går til"),
    ],
)
def test_the_action_thanks_in_norwegian_and_sets_nothing(entities, expected):
    tracker = make_tracker(
        "/feedback", intent="feedback", entities=[{"entity": k, "value": v} for k, v in entities.items()]
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionFeedback().run(dispatcher, tracker, {}))
    assert events == []
    assert len(dispatcher.messages) == 1 and rendered(dispatcher.messages[0]).startswith(expected)
