"""The checklist and the procedure chooser over REST, against the real servers."""

from advisor.checklist import load_checklist
from servers import say, texts

TOTAL = len(load_checklist().questions)


def test_checklist_walk_with_typed_answers_digression_explanation_pause_and_resume(servers, sender):
    first = texts(say(sender, "kan denne anskaffelsen gjøres innovativ?"))
    assert f"Spørsmål 1 av {TOTAL}" in first
    assert "forstod ikke" not in first

    assert f"Spørsmål 2 av {TOTAL}" in texts(say(sender, "ja da"))
    # A question in the middle is answered, then the same question comes back.
    digression = texts(say(sender, "hva er terskelverdien for kommuner?"))
    assert "Kilde:" in digression and f"Spørsmål 2 av {TOTAL}" in digression
    explained = texts(say(sender, "hva betyr det?"))
    assert "Hvorfor vi spør" in explained and f"Spørsmål 2 av {TOTAL}" in explained
    assert f"Spørsmål 3 av {TOTAL}" in texts(say(sender, "ikkje enno"))

    paused = texts(say(sender, "ta en pause"))
    assert "pause" in paused and f"2 av {TOTAL}" in paused
    resumed = texts(say(sender, "fortsett sjekklisten"))
    assert "fortsetter der dere slapp" in resumed and f"Spørsmål 3 av {TOTAL}" in resumed
    assert "forstod ikke" not in resumed

    replies = ["nja", "vet ikke", "ja", "nei", "delvis", "usikker", "ja", "jepp", "nei", "ja"][: TOTAL - 2]
    for answer in replies[:-1]:
        say(sender, answer)
    final = say(sender, replies[-1])
    summary = texts(final)
    assert summary.startswith("Oppsummering") or "\nOppsummering" in summary
    assert "Kilde:" in summary
    notes = [m["custom"] for m in final if m.get("custom")]
    assert notes and notes[0]["type"] == "checklist_note" and "Ikke besvart" not in notes[0]["content"]


def test_checklist_progress_survives_a_rasa_restart(servers, sender):
    say(sender, "start sjekklisten")
    say(sender, "ja")
    assert f"Spørsmål 3 av {TOTAL}" in texts(say(sender, "delvis"))
    servers.restart_rasa()
    assert f"Spørsmål 4 av {TOTAL}" in texts(say(sender, "nei"))


def test_procedure_kommune_services_3_mill_no_solution_in_market(servers, sender):
    first = texts(say(sender, "vi er en kommune og skal kjøpe tjenester for 3 mill, hvilken prosedyre bør vi velge?"))
    assert "Finnes det løsninger i markedet" in first  # buyer, contract and value were understood
    research = texts(say(sender, "nei"))
    assert "forskning og utvikling" in research  # only asked when nothing exists in the market
    answer = texts(say(sender, "nei"))
    assert "Innovasjonspartnerskap" in answer and "Doffin og TED" in answer
    assert "Kilde:" in answer
    why = texts(say(sender, "hvorfor?"))
    assert "ikke kan dekkes av løsninger" in why


def test_procedure_kommune_goods_500000(servers, sender):
    say(sender, "hvilken prosedyre bør vi velge")
    say(sender, "kommune")
    say(sender, "varer")
    answer = texts(say(sender, "500 000 kr"))
    assert "Direkte anskaffelse" in answer and "del I" in answer and "Kilde:" in answer


def test_procedure_state_services_1_4_mill_with_a_correction(servers, sender):
    say(sender, "hjelp oss å velge prosedyre")
    say(sender, "statlig")
    say(sender, "tjenester")
    assert "Finnes det løsninger" in texts(say(sender, "2 mill"))
    corrected = texts(say(sender, "nei vent, det er 1,4 millioner"))
    assert "Finnes det løsninger" in corrected
    say(sender, "ja")
    answer = texts(say(sender, "nei"))
    assert "Åpen tilbudskonkurranse" in answer and "1,49 mill. kr" in answer


def test_procedure_research_without_a_market_solution_points_to_the_rd_exemption(servers, sender):
    say(sender, "vi er en kommune og skal kjøpe tjenester for 5 mill, hvilken prosedyre bør vi velge?")
    say(sender, "nei")
    answer = texts(say(sender, "ja"))
    assert "Før-kommersiell anskaffelse" in answer and "§ 2-5" in answer


def test_procedure_unclear_answer_gets_a_hint_and_the_conversation_goes_on(servers, sender):
    say(sender, "hvilken prosedyre bør vi velge")
    hint = texts(say(sender, "vet ikke"))
    assert "hvem som kjøper" in hint and "Hvem er oppdragsgiver?" in hint
    assert "Hva skal dere kjøpe?" in texts(say(sender, "kommune"))


def test_goodbye_in_the_checklist_pauses_it_and_it_can_be_resumed(servers, sender):
    say(sender, "start sjekklisten")
    say(sender, "ja")
    goodbye = texts(say(sender, "ha det bra"))
    assert f"1 av {TOTAL} svar er lagret" in goodbye and "Ha det bra" in goodbye
    assert f"Spørsmål 2 av {TOTAL}" in texts(say(sender, "fortsett sjekklisten"))


def test_checklist_answers_typed_as_sentences_move_the_walk_on(servers, sender):
    say(sender, "start sjekklisten")
    assert f"Spørsmål 2 av {TOTAL}" in texts(say(sender, "ja, ledelsen har sagt ja og det står i planen"))
    assert f"Spørsmål 3 av {TOTAL}" in texts(say(sender, "vi har ikke tenkt på brukerne enda"))
