"""What the channels hand to Rasa: masked personal data and no user-typed commands."""

import pytest

from channels.common import prepare_user_text


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("/restart", "restart"),
        ('/faq{"x":1}', 'faq{"x":1}'),
        ("  /session_start", "session_start"),
        ("/", "/"),
        ("hei", "hei"),
    ],
)
def test_user_typed_commands_become_plain_text(typed, expected):
    assert prepare_user_text(typed) == expected


def test_the_assistants_own_button_payloads_pass():
    payload = '/show_topic{"topic": "metode_steg"}'
    assert prepare_user_text(payload) == payload
    assert prepare_user_text("/help") == "/help"


def test_personal_data_is_masked_before_anything_else():
    assert prepare_user_text("ring 912 34 567") == "ring [telefonnummer fjernet]"
