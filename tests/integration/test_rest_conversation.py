"""The first conversation over the REST channel, against the real servers."""

import json
import sqlite3

import yaml

from servers import ROOT, say, texts


def test_greeting_in_norwegian_offers_the_main_choices(servers, sender):
    messages = say(sender, "hei")
    answer = texts(messages)
    assert "Anskaffelseslosen" in answer
    for capability in ("metoden", "juridiske spørsmål", "prosedyre", "sjekklisten"):
        assert capability in answer
    assert any(m.get("buttons") for m in messages)


def test_human_contact_comes_from_the_municipalitys_config_file(servers, sender):
    contact = yaml.safe_load((ROOT / "knowledge" / "kontakt.yml").read_text(encoding="utf-8"))
    answer = texts(say(sender, "kan jeg snakke med et menneske?"))
    assert contact["email"] in answer and contact["phone"] in answer


def test_out_of_scope_is_declined_with_the_menu(servers, sender):
    messages = say(sender, "hva blir været i morgen?")
    assert "kan jeg dessverre ikke hjelpe med" in texts(messages)
    assert any(b["payload"] == "/help" for m in messages for b in m.get("buttons", []))


def test_legal_notice_once_and_conversation_survives_a_rasa_restart(servers, sender):
    first = texts(say(sender, '/show_topic{"topic": "lov_dialog_lovlig"}'))
    assert "Kilde:" in first
    assert "ikke juridisk rådgivning" in first

    servers.restart_rasa()

    # The slot that remembers the notice was stored in SQLite: no second notice after the restart.
    second = texts(say(sender, '/show_topic{"topic": "lov_grunnprinsipper"}'))
    assert "Kilde:" in second
    assert "ikke juridisk rådgivning" not in second

    with sqlite3.connect(servers.tracker_db) as db:
        stored = db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]
    assert stored > 5


def test_personal_data_never_reaches_the_tracker_store(servers, sender):
    secrets = ["01010750160", "912 34 567", "ola.nordmann@kommune.no"]
    say(sender, f"hei, jeg heter Ola, fnr {secrets[0]}, ring {secrets[1]} eller skriv til {secrets[2]}")
    with sqlite3.connect(servers.tracker_db) as db:
        rows = [row[0] for row in db.execute("select data from events where sender_id = ?", (sender,))]
    stored = json.dumps([json.loads(row) for row in rows], ensure_ascii=False)
    assert "[fødselsnummer fjernet]" in stored and "[telefonnummer fjernet]" in stored
    for secret in secrets:
        assert secret not in stored
