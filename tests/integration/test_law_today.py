"""The law as it stands today, the honest unknown and the answer records, against the real servers."""

import requests

from servers import REST_WEBHOOK, say, texts


def records(messages):
    return [m["custom"]["answer"] for m in messages if (m.get("custom") or {}).get("answer")]


def test_300000_kr_is_outside_the_regulations_since_1_july_2026(servers, sender):
    answer = texts(say(sender, "Vi skal kjøpe konsulenttjenester for 300 000 kr. Må vi følge anskaffelsesregelverket?"))
    assert "gjelder **ikke anskaffelsesregelverket** (nedre grense 500 000 kr)" in answer
    assert "Fram til 30. juni 2026 gjaldt 100 000 kr" in answer
    assert "Kilde:" in answer and "kontrollert desember 2026" in answer
    assert "foreslår" not in answer


def test_the_lower_limit_in_bokmal_and_nynorsk(servers, sender):
    for question in ("hva er nedre grense for regelverket?", "kva er nedre grense for regelverket"):
        answer = texts(say(sender, question))
        assert "500 000 kr" in answer and "100 000 kr" in answer, question
        assert "kontrollert desember 2026" in answer, question


def test_home_care_services_and_a_hospital(servers, sender):
    care = texts(say(sender, "vi er en kommune og skal kjøpe hjemmetjenester for 5 mill, hvilke regler gjelder?"))
    assert "**loven og del I**" in care and "Doffin" not in care.split("Les mer")[0]
    hospital = texts(say(sender, "vi er et helseforetak og skal kjøpe tjenester for 2 mill, hvilke regler gjelder?"))
    assert "del I og del II" in hospital and "2,3 mill. kr" in hospital


def test_wanting_to_negotiate_on_price_gives_an_anbudskonkurranse(servers, sender):
    first = texts(say(sender, "vi er en kommune og skal kjøpe tjenester for 4 mill, hvilken prosedyre bør vi velge?"))
    assert "Finnes det løsninger i markedet" in first
    assert "tilpasses" in texts(say(sender, "ja"))
    assert "forhandle" in texts(say(sender, "nei"))
    ground = texts(say(sender, "ja"))
    assert "§ 13-2" in ground and "design eller innovative løsninger" in ground
    answer = texts(say(sender, "nei"))
    assert "Min anbefaling: **Åpen anbudskonkurranse**" in answer and "ikke tillatt" in answer


def test_a_question_no_unit_answers_gets_the_honest_unknown_and_no_legal_notice(servers, sender):
    messages = say(sender, "hvordan registrerer vi oss i Mercell?")
    answer = texts(messages)
    assert "Det har jeg ikke et sikkert svar på" in answer and "innkjop@" in answer
    assert "ikke juridisk rådgivning" not in answer
    assert any(b["payload"] == "/request_human" for m in messages for b in m.get("buttons", []))


def test_answer_records_are_stripped_unless_asked_for(servers, sender):
    plain = say(sender, "hva er fem hvorfor?")
    assert not records(plain) and "Kilde:" in texts(plain)
    reply = requests.post(REST_WEBHOOK, params={"answer_records": "1"},
                          json={"sender": sender, "message": "hva er fem hvorfor?"}, timeout=60)
    assert records(reply.json()) == [{"kind": "faq", "topic": "metode_fem_hvorfor", "legal": False}]


EIGHT_QUESTIONS = {  # the questions of the issue that found neighbouring answers, with the unit that answers each
    "hva er risikoen ved innovative anskaffelser?": "praksis_risiko",
    "kan flere kommuner gå sammen om en innovativ anskaffelse?": "praksis_samarbeid",
    "hvor lang tid tar en innovativ anskaffelse?": "praksis_tidsbruk",
    "kan vi forlenge kontrakten etter at den har gått ut?": "lov_kontraktsendring",
    "en ansatt i teamet har en bror hos en av leverandørene": "lov_habilitet",
    "kan vi bruke en rammeavtale til en innovativ anskaffelse?": "lov_rammeavtale",
    "hva koster det å få hjelp fra LUP?": "metode_lup_kostnad",
    "hvordan evaluerer vi tilbud når vi har brukt funksjonskrav?": "metode_evaluering_funksjonskrav",
}


def test_the_eight_questions_get_their_answer_or_the_honest_unknown(servers, sender):
    outcomes = {}
    for number, (question, unit) in enumerate(EIGHT_QUESTIONS.items()):
        reply = requests.post(REST_WEBHOOK, params={"answer_records": "1"},
                              json={"sender": f"{sender}-{number}", "message": question}, timeout=60)
        found = records(reply.json())
        first = (found or [{}])[0]
        outcomes[question] = first["topic"] if found and first["kind"] == "faq" else first.get("kind")
        assert outcomes[question] in (unit, "unknown"), outcomes
    assert sum(outcome != "unknown" for outcome in outcomes.values()) >= 6, outcomes
