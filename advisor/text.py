"""Rasa-free helpers for Norwegian text: spelling folding, stemming and search terms.

Users type «leverandører», «leverandoerer» and «leverandorer» for the same word. Folding
maps all three to one form so that features, the knowledge search and the answer reader
(advisor/answers.py) treat them alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

# Order matters: the two-letter ASCII spellings are folded before the single letters.
_FOLDS = (
    (re.compile(r"aa"), "a"),
    (re.compile(r"oe"), "o"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"å"), "a"),
    (re.compile(r"ø"), "o"),
    (re.compile(r"æ"), "e"),
    (re.compile(r"[éèê]"), "e"),
    (re.compile(r"[óòô]"), "o"),
)

_stemmer = snowballstemmer.stemmer("norwegian")


def fold_spelling(word: str) -> str:
    """Lower-case a word and map å/ø/æ and «aa/oe/ae» spellings to a single ASCII form."""
    folded = word.lower()
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball Norwegian stem of the folded word («leverandørene» → «leverandor»).

    Folding first makes «åpen», «aapen» and «apen» share one stem.
    """
    return _stemmer.stemWord(fold_spelling(word))


# Frequent function words in bokmål and nynorsk (folded spelling); they carry no topic.
STOP_WORDS = frozenset(
    fold_spelling(word)
    for word in """
    a å og i jeg eg det at en ein et eit den til er som pa de med han av ikke ikkje der sa var meg
    seg men ett har om vi me min mitt ha hadde hun ho na over da ved fra du ut sin dem oss opp
    man kan hans hvor kor eller hva kva skal selv sjol her alle vil ville bli ble blitt kunne inn
    nar naar vere vart kom noen nokon noe noko hvordan korleis dette disse desse denne dei deg
    din di hvis viss fordi hvorfor korfor kvifor mye mykje sant bare berre enn hvilke kva for
    hvilken kven hvem mine dine sine vare deres dykkar nei ja litt lurer gjelder tror vet veit
    ogsa ogso blir vert hos mot etter under for fore mellom uten utan gjennom
    """.split()
)


def search_terms(text: str) -> list[str]:
    """Stems of the content words in a text, for the knowledge search."""
    words = re.findall(r"[\wæøåÆØÅ§%-]+", text.lower())
    terms = []
    for word in words:
        folded = fold_spelling(word).strip("-")
        if not folded or folded in STOP_WORDS:
            continue
        terms.append(stem(folded))
    return terms



# Nynorsk forms → the bokmål form the content is written in, for matching only (folded spelling). Snowball's
# Norwegian stemmer already strips most nynorsk endings («-ar», «-ane»); this map holds the words whose stems
# differ. Kept by hand: no maintained nynorsk–bokmål word map is on PyPI (checked 2026-12).
_NYNORSK = {
    "kva": "hva", "korleis": "hvordan", "kven": "hvem", "kvifor": "hvorfor", "korfor": "hvorfor", "kor": "hvor",
    "kvar": "hvor", "kva for": "hvilke", "ikkje": "ikke", "eg": "jeg", "ein": "en", "eit": "et", "ei": "en",
    "nokon": "noen", "noko": "noe", "nokre": "noen", "mykje": "mye", "berre": "bare", "frå": "fra",
    "vere": "være", "dei": "de", "desse": "disse", "kvarandre": "hverandre", "sjå": "se", "spørje": "spørre",
    "gjere": "gjøre", "gjer": "gjør", "gje": "gi", "gjev": "gir", "meir": "mer", "mogleg": "mulig",
    "eigentleg": "egentlig", "heile": "hele", "eigen": "egen", "eige": "eie", "eigar": "eier",
    "anskaffing": "anskaffelse", "anskaffinga": "anskaffelsen", "anskaffingar": "anskaffelser",
    "anskaffingane": "anskaffelsene", "innkjøpar": "innkjøper", "verksemd": "virksomhet",
    "verksemda": "virksomheten", "verksemder": "virksomheter", "tilbod": "tilbud", "tilboda": "tilbudene",
    "tilbodet": "tilbudet", "tilbydar": "tilbyder", "kunngjering": "kunngjøring", "kunngjeringa": "kunngjøringen",
    "teneste": "tjeneste", "tenester": "tjenester", "tenesta": "tjenesten", "løysing": "løsning",
    "løysinga": "løsningen", "løysingar": "løsninger", "døme": "eksempel", "dømet": "eksempelet",
    "skilnad": "forskjell", "skilnaden": "forskjellen", "røynsle": "erfaring", "røynsler": "erfaringer",
    "løyndom": "hemmelighet", "forretningsløyndom": "forretningshemmelighet",
    "forretningsløyndomar": "forretningshemmeligheter", "teieplikt": "taushetsplikt", "val": "valg",
    "framgangsmåte": "fremgangsmåte", "open": "åpen", "opne": "åpne", "tilsette": "ansatte",
    "tilsett": "ansatt", "innbyggjar": "innbygger", "innbyggjarar": "innbyggere", "brukar": "bruker",
    "brukarar": "brukere", "leverandør": "leverandør", "leverandørar": "leverandører",
    "leverandørane": "leverandørene", "kommunar": "kommuner", "rettar": "rettigheter",
    "rettigheiter": "rettigheter", "høyre": "høre", "byrje": "begynne", "byrjar": "begynner",
    "oppstart": "oppstart", "førebu": "forberede", "førebuing": "forberedelse", "kostnad": "kostnad",
    "utgifter": "utgifter", "fordelane": "fordelene", "gevinstar": "gevinster", "sjekklista": "sjekklisten",
    "stega": "stegene", "steg": "steg", "fasar": "faser", "krava": "kravene", "vilkår": "vilkår",
    "avgjerd": "avgjørelse", "vedtak": "vedtak", "innsyn": "innsyn", "spørsmåla": "spørsmålene",
    "fristar": "frister", "fristen": "fristen", "dokumentasjonen": "dokumentasjonen", "lågare": "lavere",
    "låg": "lav", "høgare": "høyere", "høg": "høy", "grensa": "grensen", "verdiar": "verdier",
    "tildelingskriteria": "tildelingskriteriene", "kriteria": "kriteriene", "leggje": "legge",
    "skrive": "skrive", "kjøpe": "kjøpe", "kjøper": "kjøper", "bruke": "bruke", "nytte": "nytte",
}
_NYNORSK_FOLDED = {fold_spelling(key): fold_spelling(value) for key, value in _NYNORSK.items() if " " not in key}


def fold_nynorsk(word: str) -> str:
    """The bokmål form of a folded nynorsk word («korleis» → «hvordan», «anskaffing» → «anskaffelse»), for
    matching; other words unchanged. Words ending in «-leg» get «-lig» («eigentleg» is in the map, «vanleg»
    is not)."""
    folded = _NYNORSK_FOLDED.get(word)
    if folded:
        return folded
    if word.endswith("leg") and len(word) > 5:
        return word[:-3] + "lig"
    return word
