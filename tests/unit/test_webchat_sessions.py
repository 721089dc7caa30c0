"""Signed widget sessions: a client cannot attach to another conversation by changing the id."""

from channels.webchat import SessionSigner


def test_issued_token_is_accepted_and_maps_to_its_id():
    signer = SessionSigner(b"secret")
    token = signer.new_token()
    session_id = signer.session_id(token)
    assert session_id and token.startswith(session_id + ".")


def test_changed_id_or_signature_is_rejected():
    signer = SessionSigner(b"secret")
    session_id, signature = signer.new_token().split(".")
    assert signer.session_id(f"{session_id}x.{signature}") is None
    assert signer.session_id(f"{session_id}.{'0' * len(signature)}") is None


def test_token_from_another_secret_is_rejected():
    token = SessionSigner(b"other").new_token()
    assert SessionSigner(b"secret").session_id(token) is None


def test_malformed_tokens_are_rejected():
    signer = SessionSigner(b"secret")
    for token in (None, "", "abc", "a.b.c", 42, {"x": 1}, "." * 300):
        assert signer.session_id(token) is None


def test_tokens_are_unique():
    signer = SessionSigner(b"secret")
    assert len({signer.new_token() for _ in range(100)}) == 100
