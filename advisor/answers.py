"""Reading a typed answer to a yes/no question: ja, delvis, nei or vet ikke – or not an answer at all.

One reader for every form that asks such questions (the checklist and the procedure chooser). Users write
bokmål, nynorsk, dialect, English, ASCII spellings («paa», «ikkje», «noe») and typos («delvsi», «vet ikek»).

Pure Python: stdlib only, plus the spelling fold from advisor/text.py. No Rasa.

Public API
    read_answer(text) -> "ja" | "delvis" | "nei" | "vet_ikke" | None
    is_question(text) -> bool              («hva er terskelverdien?», «kan vi bruke kpd på bygg»)
    is_explanation_request(text) -> bool   («hva betyr det?», «hvorfor spør du?», «forklar»)
    fold_answer(text) -> str               (the folded form the patterns below are written for)
"""

from __future__ import annotations

import difflib
import json
import re

from advisor.text import fold_spelling

YES, PARTIAL, NO, UNSURE = "ja", "delvis", "nei", "vet_ikke"
ANSWER_VALUES = (YES, PARTIAL, NO, UNSURE)
ANSWER_LABELS = {YES: "Ja", PARTIAL: "Delvis", NO: "Nei", UNSURE: "Vet ikke"}


def fold_answer(text: str) -> str:
    """The spelling fold of advisor/text.py for a whole message, plus what answers need on top of it:
    «noe» kept apart from «no», runs of a letter shortened, punctuation to spaces.

    «Ikkje ennå!!» → «ikkje enna», «paa en maate» → «pa en mate», «jaaaa» → «ja», «noe» → «noko».
    """
    folded = text.lower().strip()
    folded = re.sub(r"\bnoe\b", "noko", folded)  # before «oe» → «o», which would make it «no» (English no)
    folded = re.sub(r"(\w)\1{2,}", r"\1\1", folded)  # «neeei» → «neei», «jaaaa» → «jaa»
    folded = fold_spelling(folded)
    folded = re.sub(r"[^\w\s]", " ", folded)
    return " ".join(folded.split())


_NOT = r"(?:ikke|ikkje|ikkj|ikk|ikek|ikje|ike|ikkie)"

# --------------------------------------------------------------------------------------------------
# Is it a question (or a request) rather than an answer?

# First words of a question or request (folded): «hjelp» or «hva er det» are not answers.
_QUESTION_START = re.compile(
    r"^(?:hva|kva|ka|hvordan|korleis|koss|hvorfor|korfor|kvifor|nar|hvem|kven|hvilken|hvilket|hvilke|"
    r"kva for|hvor|kor|what|how|why|when|who|kan|ma|skal|bor|gjelder|finnes|fins|trenger|er|vil|"
    r"jeg vil|eg vil|vi vil|jeg lurer|eg lurer|lurer|si|fortell|vis|gi meg|start|hjelp)\b"
)
# These start a question only in a longer message («har dere en oversikt over frister»).
_QUESTION_START_OF_THREE_WORDS = re.compile(r"^(?:har|kossen|assen|finst|treng)\b")
# …unless it is one of these answers («er på plass», «har ikke begynt», «kan hende»).
_ANSWER_THAT_LOOKS_LIKE_A_QUESTION = re.compile(
    r"^(?:kan (?:hende|vere|vera|skje)|er (?:pa plass|i gang|gjort|ordnet|ordna|i orden|underveis)|"
    rf"er {_NOT} (?:pa plass|gjort|i gang|ordnet|ordna|klart|ferdig|sikker)|ma sjekke|ma sjekka|"
    rf"har {_NOT}|har (?:begynt|byrja|startet|starta|kommet i gang|komi i gang))\b"
)


def is_question(text: str) -> bool:
    """True for a question or request typed where an answer was expected; False for answers and noise.

    A message is a question when it ends with «?», has a «?» and more than two words, or starts with a
    question word («hva», «korleis», «kan», «hjelp» …; «har», «treng» … with at least three words) –
    unless it starts like an answer («er på plass», «har ikke begynt», «kan hende»).
    """
    raw = (text or "").strip()
    folded = fold_answer(raw)
    words = folded.split()
    if not words:
        return False
    if raw.endswith("?") or ("?" in raw and len(words) > 2):
        return True
    if _ANSWER_THAT_LOOKS_LIKE_A_QUESTION.match(folded):
        return False
    if _QUESTION_START_OF_THREE_WORDS.match(folded):
        return len(words) >= 3
    return bool(_QUESTION_START.match(folded))


# --------------------------------------------------------------------------------------------------
# Ja, delvis, nei or vet ikke

# Checked in this order on the folded text; the first pattern that matches decides.
# Order matters: «vet ikke» is unsure before «ikke» means no; «ikke påbegynt» is no before «påbegynt»
# means partial; «delvis» and «ikke helt» win over a leading «ja»/«nei» («ja, delvis», «nei, ikke helt»).
_ANSWER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (answer, re.compile(pattern))
    for answer, pattern in (
        (UNSURE, r"\bvet_ikke\b|\bvetikke\b|\bveitikkje\b|"
                 rf"\b(?:vet|veit|vett|veid)\b(?: (?:jeg|eg|vi|me|jo|det))? {_NOT}\b|"
                 r"\busikk\w*|\buvisst\b|\buklart\b|\bkanskje\b|\bkansje\b|\bkanskj\b|\bmaybe\b|"
                 rf"\baner {_NOT}\b|\bingen anelse\b|\b(?:ingen|null|lite|ikke|ikkje) peiling\b|^tja\b|"
                 r"^kan (?:hende|hende det|vere|vera|skje)\b|"
                 rf"\b{_NOT} (?:helt |heilt |100 )?sikk(?:er|ert)\b|\b{_NOT} (?:godt|lett) a (?:si|seie|seia)\b|"
                 r"\bvanskel[ei]g a (?:si|seie|seia|vite)\b|\bma (?:sjekke|sjekka|undersoke|undersokje|finne ut)\b|"
                 r"\bdunno\b|\bidk\b|\bnot sure\b|\bdon t know\b|\bdont know\b"),
        (NO, rf"\b{_NOT} (?:pabegynt|begynt|byrja|byrjet|startet|starta|kommet i gang|komme i gang|"
             r"komi i gang|i gang|pa plass|gjort|ordnet|ordna|noko|i det hele tatt|i det heile)\b|"
             rf"\b(?:absolutt|slett|overhodet) {_NOT}\b|\bpa ingen (?:mate|made)\b|\bingenting\b|"
             rf"\bhar (?:\w+ )?{_NOT}\b(?! (?:helt|heilt|fullt))|^not yet\b"),
        (PARTIAL, r"\bdelvis\b|\bdelvs\b|\bdelviss\b|\bdevlis\b|\btil dels\b|^dels\b|^litt\b|^lite grann\b|"
                  r"^nja\b|\bpa (?:en|ein) (?:mate|made)\b|\bhalvveis\b|\bhalvvegs\b|^halvt\b|^noko\b|"
                  rf"\b{_NOT} (?:helt|heilt|fullt|heilt ferdig|ferdig)\b|\bnesten\b|\bmer eller mindre\b|"
                  r"\bsann passe\b|\bsanpasse\b|\bja og nei\b|\bbade og\b|^en del\b|^ein del\b|"
                  r"\b(?:pabegynt|begynt|byrja|startet|starta|i gang|underveis|pa vei|pa veg|"
                  r"i arbeid|i prosess|holder pa|held pa|jobber med|jobbar med)\b|"
                  r"\bpartly\b|\bpartially\b|\bsort of\b|\bkind of\b|\bsomewhat\b"),
        (NO, r"^ne+i+\b|^nai\b|^nej\b|^ne\b|^nee\b|^nope\b|^niks\b|^nix\b|^nah\b|^no\b|^neppe\b|^nada\b|"
             rf"\b{_NOT} (?:enna|enda|enno|ena|ende|end|enn|na)\b|^{_NOT}\b|^aldri\b|^ingen\b|\bmangler\b"),
        (YES, r"^ja\b|^jo\b|^jau\b|^jaha\b|^jada\b|^jadda\b|^joda\b|^javisst\b|^jep\w*|^jap\w*|^jup+\b|^jess?\b|"
              r"^yes\b|^yep\b|^yup\b|^yeah\b|^sure\b|^of course\b|^ok(?:ei|ay)? ja\b|^okei ja\b|"
              r"^absolutt\b|^definitivt\b|^selvfolgelig\b|^sjolvfolgelig\b|^sjolvsagt\b|^sjolsagt\b|"
              r"^selvsagt\b|^klart\b|^(?:helt|heilt) (?:klart|sikkert)\b|^(?:det )?stemmer\b|^riktig\b|"
              r"^korrekt\b|^visst\b|^(?:det er )?(?:pa plass|gjort|ordnet|ordna|ferdig|i orden)\b|"
              r"\bdet har (?:vi|me|eg|jeg)\b|\bvi har (?:det|gjort det)\b|\bme har (?:det|gjort det)\b|"
              r"\b(?:er|e) (?:pa plass|gjort|ordnet|ordna|i orden|pa stell)\b"),
    )
)

# Typos of the commonest answers («delvsi», «usikekr», «vet ikek», «absloutt»): matched as a whole.
_VOCABULARY = {
    "ja": YES, "jepp": YES, "jada": YES, "joda": YES, "absolutt": YES, "selvfolgelig": YES,
    "sjolvsagt": YES, "definitivt": YES, "stemmer": YES, "det har vi": YES,
    "delvis": PARTIAL, "til dels": PARTIAL, "halvveis": PARTIAL, "pa en mate": PARTIAL, "nja": PARTIAL,
    "nei": NO, "nope": NO, "ikke enna": NO, "ikkje enno": NO, "ikke enda": NO, "har ikke": NO, "har ikkje": NO,
    "vet ikke": UNSURE, "veit ikkje": UNSURE, "vet ikkje": UNSURE, "usikker": UNSURE, "kanskje": UNSURE,
    "aner ikke": UNSURE, "ikke sikker": UNSURE, "ikkje sikker": UNSURE,
}

_PAYLOAD = re.compile(r"^/(\w+)\s*(\{.*\})?\s*$", re.DOTALL)
_PAYLOAD_INTENTS = {"affirm": YES, "deny": NO, "inform_partial": PARTIAL, "inform_unsure": UNSURE}
_MAX_ANSWER_WORDS = 12


def _from_payload(text: str) -> str | None:
    """Button payloads: «/affirm», «/inform_partial», «/inform{"checklist_answer": "delvis"}»."""
    match = _PAYLOAD.match(text.strip())
    if not match:
        return None
    intent, entities = match.groups()
    if entities:
        try:
            values = json.loads(entities)
        except ValueError:
            values = {}
        for value in values.values() if isinstance(values, dict) else ():
            answer = read_answer(str(value)) if not str(value).startswith("/") else None
            if answer:
                return answer
    return _PAYLOAD_INTENTS.get(intent)


def read_answer(text: str) -> str | None:
    """Maps a typed answer or a button payload to "ja", "delvis", "nei" or "vet_ikke".

    Returns None when the text is not an answer: a question («hva er terskelverdien for kommuner»),
    an explanation request («hva betyr det»), a command, or a long comment.
    Examples: «ja da» → ja, «nja» → delvis, «ikkje enno» → nei, «veit ikkje» → vet_ikke.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    if raw.startswith("/"):
        return _from_payload(raw)
    if raw in ANSWER_VALUES:
        return raw
    if is_explanation_request(raw):
        return None
    folded = fold_answer(raw)
    words = folded.split()
    if not words or len(words) > _MAX_ANSWER_WORDS:
        return None
    if is_question(raw):
        return None
    for answer, pattern in _ANSWER_PATTERNS:
        if pattern.search(folded):
            return answer
    if len(words) <= 3 and len(folded) >= 4:
        close = difflib.get_close_matches(folded, list(_VOCABULARY), n=1, cutoff=0.8)
        if close:
            return _VOCABULARY[close[0]]
    if len(words) == 1 and len(folded) == 3 and sorted(folded) == sorted("nei"):
        return NO  # «nie», «ine»
    return None


_EXPLAIN = re.compile(
    r"\b(?:hva|kva|ka) (?:betyr|tyder|inneber\w*|innebar\w*) (?:det|dette|spormalet|sporsmalet|ordet)\b|"
    r"\b(?:hva|kva|ka) (?:betyr|tyder)$|"
    r"\b(?:hva|kva|ka) (?:det|dette|spormalet|sporsmalet) (?:betyr|tyder|inneber\w*|innebar\w*)\b|"
    r"\b(?:hva|kva|ka) (?:mener|meiner|meinar|tenker|tenkjer) (?:du|de|dere|dokker|dykk|dokk)\b|"
    r"\b(?:hva|kva|ka) (?:menes|meinast|meines|er meint|er ment) (?:med (?:det|dette|spormalet|sporsmalet)\b|$)|"
    r"\b(?:hva|kva|ka) vil (?:det|dette) (?:si|seie)\b|"
    r"\b(?:hva|kva) er (?:meininga|meningen|poenget) (?:med (?:det|dette|spormalet|sporsmalet)\b|$)|"
    r"\b(?:hvorfor|korfor|kvifor|koffor|kofor|hvofor|hvorfro) (?:spor|sporr|spurte|lurer|trenger|treng|vil) "
    r"(?:du|de|dere|dokker|dykk|me|vi)\b|"
    r"^(?:hvorfor|korfor|kvifor|koffor)(?: det)?$|"
    r"\bforklar\w*|\butdyp\w*|\b(?:kan|kunne) du (?:si|seie) (?:mer|meir) om (?:det|dette|spormalet|sporsmalet)\b|"
    r"\b(?:forstar|skjonner|skjonar|forsto|forstod|skjonte) (?:ikke|ikkje|ik) "
    r"(?:spormalet|sporsmalet|hva du mener|kva du meiner|helt|heilt)\b|"
    r"^(?:jeg |eg )?(?:forstar|skjonner|skjonar) (?:ikke|ikkje)$|^(?:hva|kva|ka|he)$|^(?:hva|kva) er det$|"
    r"\bwhat (?:does|dos) (?:that|it|this) mean\b|\bwhat do you mean\b|\bexplain\b"
)


def is_explanation_request(text: str) -> bool:
    """True for «hva betyr det?», «kva meiner du», «hvorfor spør du?», «korfor spør du», «forklar» …

    Used while a form waits for an answer: such messages get the question's «why» instead of being
    taken as an answer (bokmål, nynorsk and ASCII spellings).
    """
    folded = fold_answer(text or "")
    return bool(folded) and bool(_EXPLAIN.search(folded))


