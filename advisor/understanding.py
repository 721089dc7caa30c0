"""Understanding a message: the facts of the case it mentions and what kind of question it asks.

The one place that reads amounts, buyer type, contract type and the procurement's start date from free text
(NLU entities first, then the whole message), and that tells a «which rules apply?» question and a «which
procedure?» question from the rest. Pure Python, no Rasa: the actions pass the entity values they got.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from advisor.amounts import parse_amount
from advisor.text import fold_spelling

HEALTH_AND_SOCIAL = "helse_sosial"
OTHER_SPECIAL_SERVICES = "saerlige_tjenester"

# Patterns on folded text (å→a, ø→o, æ→e), so «tenester», «tjenester» and «tjenaster» all match.
# Hospitals (helseforetak) are «andre oppdragsgivere», not state authorities (fact sheet 0.3): checked first.
_BUYER_PATTERNS = (
    ("forsyning", r"forsyning|energiverk|vannverk|kraftselskap|havn|kollektivselskap"),
    ("kommune", r"helseforetak|sykehus|sjukehus|helse (sor-ost|vest|midt|nord)|kommun|fylke|bydel|interkommunal"),
    ("stat", r"\bstat|direktorat|departement|etat\b|universitet"),
)
# Health and social services before the rest: «hjemmetjenester» is not an ordinary service (fact sheet 0.3).
_CONTRACT_PATTERNS = (
    (HEALTH_AND_SOCIAL, r"helse- og sosial|helse og sosial|sosialtjenest|sosialtenest|omsorgstjenest|omsorgstenest|"
                        r"hjemmetjenest|heimetenest|hjemmesykepleie|heimesjukepleie|helsetjenest|helsetenest|"
                        r"barnevern|pleietjenest|sykehjemsplass|sjukeheimsplass|omsorgsbolig|avlastning|"
                        r"brukerstyrt personlig|\bbpa\b|"
                        r"rusbehandling|psykisk helse"),
    (OTHER_SPECIAL_SERVICES, r"serlig|serleg"),
    ("bygg_og_anlegg", r"bygg|anlegg|entrepris|rehabilitering av|skolebygg|vei\b|veg\b"),
    ("varer", r"\bvare|\bvarer|utstyr|produkt|mobler|inventar|rekvisita|materiell|kjoretoy|\bbil(er|ar)?\b|"
              r"datamaskin|\bpc(er)?\b|leveranse av"),
    ("tjenester", r"tjenest|tenest|tjeneste|konsulent|system|programvare|lisens|drift|rad(giving|gjeving)|renhold|"
                  r"vakthold|transport|skyss|revisjon|advokat|vedlikehold|opplaring|abonnement|skytenest"),
)


def _match(patterns, text: str | None) -> str | None:
    if not text:
        return None
    folded = fold_spelling(text)
    for key, pattern in patterns:
        if key == folded.replace(" ", "_") or re.search(pattern, folded):
            return key
    return None


def normalise_buyer_type(text: str | None) -> str | None:
    """«kommunen», «helseforetaket», «statlig etat», «forsyningssektoren» → kommune / stat / forsyning."""
    return _match(_BUYER_PATTERNS, text)


def normalise_contract_type(text: str | None) -> str | None:
    """«tjenester», «tenester», «bygg og anlegg», «hjemmetjenester» → tjenester / bygg_og_anlegg / helse_sosial …"""
    return _match(_CONTRACT_PATTERNS, text)


# Words a threshold question uses (folded spelling). A message NLU labels as a threshold question without any of
# them, an amount, a buyer or a contract type («cpv kode, hvilken?») is answered as an ordinary question instead.
_THRESHOLD_WORDS = re.compile(
    r"terskel|grense|grensa|belop|verdi|\bdel (i|ii|iii|iv|v|1|2|3|4|5)\b|\beos|kunngj|doffin|\bted\b|regelverk|"
    r"regler|reglar|reglane|reglene|forskrift|lov(a|en)?\b|innslagspunkt|mill|\bkr\b|kroner|tusen"
)


def mentions_thresholds(text: str) -> bool:
    return bool(_THRESHOLD_WORDS.search(fold_spelling(text or "")))



# --------------------------------------------------------------------------------------------------
# When the procurement was started. The rules in force are those of the day it was started (announced, or begun
# when there is no announcement), not the day the user asks (fact sheet 0.4).
# A hand-written reader: dateparser does not read «før 1. juli» or «i mai i fjor» as a start date and
# costs ~50 ms per message; the phrases here are few and fixed.
_MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "des": 12,
}
_STARTED = re.compile(
    r"\b(startet|starta|start(a|et)? opp|begynte|byrja|byrjet|paabegynt|pabegynt|kunngjort|kunngjorde|kunngjorte|"
    r"kunngjord|lyste ut|lyst ut|utlyst|utlyste|annonsert|annonserte|satt i gang|sette i gang|i gang|publisert)\b"
)
_BEFORE_THE_CHANGE = re.compile(r"\b(for|fore) (lovendringa?|lovendringen|endringa|endringen|"
                                r"nye? (lova?|loven|reglar|reglene|regler))\b|"
                                r"\better (gamle|gammle) (reglar|reglene|regler|lova?|loven)\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2,4})\b")
_DAY_MONTH = re.compile(r"\b(?:(\d{1,2})\.?\s+)?(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) +
                        r")\b(?:\s+(\d{4}))?")
_YEAR_WORDS = {"i fjor": -1, "ifjor": -1, "i aar": 0, "i ar": 0}


def started_on(text: str, today: date) -> date | None:
    """The start date the message gives for the procurement, or None when it gives none.

    «vi kunngjorde 15. juni» → 15 June this year; «startet i mai 2026» → 1 May 2026; «før lovendringen» →
    the day before the change (30 June 2026); «kunngjort 3.3.2026» → 3 March 2026. A date without a start word
    («frist 1. mars») is not a start date. A month later than today without a year means last year."""
    folded = fold_spelling(text or "")
    if _BEFORE_THE_CHANGE.search(folded):
        return date(2026, 6, 30)
    if not _STARTED.search(folded):
        return None
    numeric = _NUMERIC_DATE.search(folded)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
        year = year + 2000 if year < 100 else year
        try:
            return date(year, month, day)
        except ValueError:
            return None
    named = _DAY_MONTH.search(folded)
    if not named:
        return None
    day = int(named.group(1) or 1)
    month = _MONTHS[named.group(2)]
    year = int(named.group(3)) if named.group(3) else None
    if year is None:
        offset = next((shift for words, shift in _YEAR_WORDS.items() if words in folded), None)
        year = today.year + offset if offset is not None else today.year
        if offset is None and (month, day) > (today.month, today.day):
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------
# What kind of question it is.
# «Which procedure should we choose?» – the procedure chooser, whatever else the message says. Not «which
# procedures are there» (an overview question the units answer).
_ASKS_PROCEDURE = re.compile(
    r"\b(hvilken|kva|hva slags|kva slags|kva for ein|kva for en)\s+((anskaffelses|anskaffings)?prosedyre|"
    r"konkurranseform|anskaffelsesform|anskaffingsform)\b|"
    r"\b(bor|skal|passer|anbefaler|anbefale|anbefal|best|lurt)\b[^.?!]*\b((anskaffelses|anskaffings)?prosedyren?|"
    r"konkurranseform)\b|"
    r"\b((anskaffelses|anskaffings)?prosedyren?|konkurranseform)\b[^.?!]*\b(bor|skal|passer|anbefaler|anbefale|"
    r"best|lurt)\b|"
    r"prosedyrevalg|hjelp (til|med) (a )?(velge|velje) prosedyre"
)
_OVERVIEW = re.compile(r"\b(mellom|finnes|fins|finst|oversikt|alle|ulike|forskjellige|forskjellen)\b")
# «Which rules apply to us?» – the threshold answer. Narrow on purpose: a question that names a threshold while
# asking about something else («kan vi forhandle under EØS-terskelen?») goes to its unit.
_ASKS_WHICH_RULES = re.compile(
    r"\b(hvilke|kva|hvilket|hvilken|kva for) (regler|reglar|regelverk|del)\b[^.?!]*"
    r"\b(gjelder|gjeld|gjelde|bruke|folge|fylgje)\b|"
    r"\b(gjelder|gjeld) (anskaffelsesregelverket|anskaffingsregelverket|regelverket|anskaffelsesloven|anskaffelseslova|"
    r"anskaffingslova)\b|"
    r"(omfattet|omfatta) av (anskaffelses)?(loven|lova|regelverket)|"
    r"\b(er|blir|havner|hamnar|kjem|kommer|ligger|ligg) (vi|me|det|dette|den|kontrakten|kjopet) "
    r"(over|under)( eller (over|under))? (terskel|eos|nasjonal|den nasjonale|grensa|grensen)|"
    r"\bover eller under\b|\bunder eller over\b|\bdel (i|ii|iii|iv|1|2|3|4) eller del\b|"
    r"^\W*(hva|kva|hvilke|kva for|kor)\b[^?]{0,40}\b(terskelverdiene|terskelverdiane|tersklene|terskelverdier|"
    r"terskelverdiar)\b[^?]{0,25}\??\s*$|^\W*(terskelverdier|terskelverdiar|terskelverdiene)\W*$|"
    r"^\W*(hva|kva|ka) (er|e) (den |dei |de )?(nasjonale |eos-?|eos )?(terskelverdien|terskelen|terskelverdi)"
    r"( for (oss|kommuner|kommunen|kommunar|staten|statlige|fylkeskommuner|fylkeskommunen|andre oppdragsgivere|"
    r"helseforetak))?\W*$"
)


def asks_for_procedure(text: str) -> bool:
    folded = fold_spelling(text or "")
    return bool(_ASKS_PROCEDURE.search(folded)) and not _OVERVIEW.search(folded)


_RULES_FOR_A_SUBJECT = re.compile(r"\b(for|ved|til) (kjop|innkjop|anskaffelse|anskaffing|kjøp) av\b")


def asks_which_rules(text: str) -> bool:
    """«Which rules apply (to us, to this amount)?» – not «which rules apply to buying art» without an amount (a
    question about art)."""
    folded = fold_spelling(text or "")
    subject_only = _RULES_FOR_A_SUBJECT.search(folded) and parse_amount(text or "") is None
    return bool(_ASKS_WHICH_RULES.search(folded)) and not subject_only


# «500k per år», «600 000 i året», «årlig 1 mill»: a yearly amount is not the contract's value (FOA § 5-4: the whole
# period with options). With a duration («i fire år», «2+1+1 år») the value is the yearly amount times the years.
_PER_YEAR = re.compile(r"\b(per|pr\.?) (ar|aret)\b|\barleg|\barlig|\bi aret\b|/ar\b")
_YEARS = re.compile(r"\b(\d{1,2}(?:\s*\+\s*\d{1,2})*|to|tre|fire|fem|seks|sju|syv|atte|ti)\s*(?:ars?|aar)\b")
_YEAR_WORDS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "atte": 8, "ti": 10}


def yearly_value(text: str, amount: int | None) -> tuple[int | None, bool]:
    """(the contract's value, whether the message gave a yearly amount without saying for how many years)."""
    folded = fold_spelling(text or "")
    if amount is None or not _PER_YEAR.search(folded):
        return amount, False
    years = _YEARS.search(_PER_YEAR.sub(" ", folded))
    if not years:
        return None, True
    word = years.group(1)
    count = _YEAR_WORDS.get(word) or sum(int(part) for part in re.findall(r"\d+", word))
    return amount * count, False


@dataclass(frozen=True)
class Understanding:
    """The case facts a message mentions (None where it mentions none) and its question kind."""

    amount: int | None = None
    buyer_type: str | None = None
    contract_type: str | None = None
    started: date | None = None
    asks_procedure: bool = False
    asks_which_rules: bool = False
    yearly_without_period: bool = False  # «500k i året» without the contract period: the value is not known


def understand(text: str, entities: dict[str, str] | None = None, today: date | None = None) -> Understanding:
    """What `text` says; `entities` are NLU's entity values by name (amount, buyer_type, contract_type), read
    before the whole message because they point at the right words."""
    entities = entities or {}
    today = today or date.today()

    def first(entity: str, reader):
        value = entities.get(entity)
        return (value and reader(value)) or reader(text)

    amount, yearly_without_period = yearly_value(text, first("amount", parse_amount))
    return Understanding(
        amount=amount,
        yearly_without_period=yearly_without_period,
        buyer_type=first("buyer_type", normalise_buyer_type),
        contract_type=first("contract_type", normalise_contract_type),
        started=started_on(text, today),
        asks_procedure=asks_for_procedure(text),
        asks_which_rules=asks_which_rules(text),
    )
