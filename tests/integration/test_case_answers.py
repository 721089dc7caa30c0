"""Issue 19 over REST: answers that depend on the part of the regulation read the conversation's case."""

from servers import say, texts

NEGOTIATION = ("Vi er en kommune og skal kjøpe tjenester for 10 millioner. Vi ønsker konkurranse med forhandling "
               "fordi vi vil forhandle om prisen. Kan vi det?")


def test_a_wish_to_negotiate_at_ten_million_gets_the_part_iii_rule_not_a_yes(servers, sender):
    answer = texts(say(sender, NEGOTIATION))
    assert "del III" in answer and "§ 13-2" in answer
    assert "For en kommune som kjøper tjenester for 10 mill. kr" in answer
    assert not answer.lstrip().startswith("**Ja.**")


def test_which_procedure_with_an_amount_starts_the_chooser_and_skips_what_the_message_told(servers, sender):
    messages = say(sender, "Vi er en kommune og skal kjøpe tjenester for rundt 3 millioner. "
                           "Hvilken prosedyre bør vi velge?")
    answer = texts(messages)
    assert "gjelder **del" not in answer  # not the threshold answer
    # Buyer, contract type and value came with the message: the chooser goes straight to the market question.
    assert "Finnes det løsninger i markedet i dag" in answer
    assert "Hvem er oppdragsgiver" not in answer and "verdi" not in answer.split("Finnes det")[-1].lower()


def test_one_message_with_everything_the_chooser_needs_gives_the_recommendation(servers, sender):
    answer = texts(say(sender, "vi er en kommune og skal kjøpe tjenester for 800 000 kr, hvilken prosedyre passer?"))
    assert "Min anbefaling: **Direkte anskaffelse**" in answer


def test_the_case_first_and_the_question_second(servers, sender):
    say(sender, "vi er en kommune, 10 mill tjenester")
    answer = texts(say(sender, "kan vi forhandle om prisen?"))
    assert "For en kommune som kjøper tjenester for 10 mill. kr" in answer and "del III" in answer


def test_the_question_first_and_the_case_second(servers, sender):
    first = texts(say(sender, "kan vi forhandle med leverandørene om prisen?"))
    assert "del II" in first and "del III" in first  # both sides of the boundary, and a request for the case
    answer = texts(say(sender, "vi er en kommune, tjenester for 10 mill"))
    assert "For en kommune som kjøper tjenester for 10 mill. kr" in answer and "§ 13-2" in answer
