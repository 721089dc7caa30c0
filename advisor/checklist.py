"""The checklist «Kan anskaffelsen gjøres innovativ?»: questions, answer parsing, scoring, summary."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from advisor.knowledge import knowledge_dir
from advisor.text import fold_spelling

YES, PARTIAL, NO, UNSURE = "ja", "delvis", "nei", "vet_ikke"
ANSWER_LABELS = {YES: "Ja", PARTIAL: "Delvis", NO: "Nei", UNSURE: "Vet ikke"}
REQUIRED_FIELDS = ("id", "phase", "text", "why", "advice", "source")


@dataclass(frozen=True)
class Question:
    id: str
    phase: str
    text: str
    why: str
    advice: str
    source: str
    advice_partial: str | None = None


@dataclass(frozen=True)
class Checklist:
    title: str
    note: str
    phases: dict[str, str]  # id → name, in process order
    questions: tuple[Question, ...]

    def phase_rank(self, phase: str) -> int:
        return list(self.phases).index(phase)


def load_checklist(path: Path | None = None) -> Checklist:
    """Reads and validates the checklist; raises ValueError with a clear message when it is broken."""
    path = path or Path(os.environ.get("ANSKAFFELSESLOSEN_CHECKLIST", knowledge_dir() / "sjekkliste.yml"))
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    phases = {item["id"]: item["name"] for item in raw.get("phases") or []}
    questions, seen = [], set()
    for number, item in enumerate(raw.get("questions") or [], start=1):
        missing = [name for name in REQUIRED_FIELDS if not str(item.get(name) or "").strip()]
        if missing:
            raise ValueError(f"Spørsmål {number} i {path} mangler: {', '.join(missing)}")
        if item["id"] in seen:
            raise ValueError(f"Spørsmåls-id «{item['id']}» finnes to ganger i {path}")
        if item["phase"] not in phases:
            raise ValueError(f"Spørsmål «{item['id']}» har ukjent fase «{item['phase']}» i {path}")
        seen.add(item["id"])
        questions.append(Question(**{key: item.get(key) for key in Question.__dataclass_fields__}))
    if not questions:
        raise ValueError(f"Sjekklisten i {path} har ingen spørsmål")
    return Checklist(raw.get("title", ""), raw.get("note", ""), phases, tuple(questions))


# Patterns on folded, lower-case text (å→a, ø→o, æ→e). Checked in order: «nei ikke helt» is partial,
# «vet ikke» is unsure before «ikke» means no.
_ANSWER_PATTERNS = (
    (UNSURE, r"vet_ikke|vet ikke|veit ikkje|veit ikke|vet ikkje|usikk|aner ikke|aner ikkje|ingen anelse|"
             r"^tja\b|kanskje|ikke sikker|ikkje sikker|ikke godt a si|vanskelig a si|ma sjekke|ma sjekka|"
             r"^vet ikke|^dunno|^usure"),
    (NO, r"ikke pabegynt|ikkje pabegynt|ikke begynt|ikkje byrja|ikke startet|ikkje starta|ikke i gang|ikkje i gang"),
    (PARTIAL, r"delvis|til dels|^litt\b|^nja\b|pa en mate|pa ein mate|halvveis|^no\b|^noko\b|begynt|starta|"
              r"i gang|pabegynt|nesten|ikke helt|ikkje heilt|ikke fullt|^sann passe|^tja,? delvis"),
    (NO, r"^nei\b|^nope\b|^niks\b|ikke enna|ikkje enno|ikke enda|ikkje enda|ikke pabegynt|har ikke|har ikkje|"
         r"^ikke\b|^ikkje\b|^aldri\b|^ingen\b|mangler|^nah\b"),
    (YES, r"^ja\b|^jo\b|^jepp|^jaa|^japp|^jada|^yes\b|^absolutt|^sikkert\b|^selvfolgelig|^sjolvsagt|^ok ja|"
          r"det har vi|det har me|det er gjort|er pa plass|pa plass|^klart\b|^stemmer|^yep|^ja da|^korrekt|^riktig"),
)


def normalise_answer(text: str) -> str | None:
    """«ja da» → ja, «nja» → delvis, «ikkje enno» → nei, «veit ikkje» → vet_ikke; None if not an answer."""
    folded = fold_spelling(text or "").strip(" .!?,")
    if not folded or is_explanation_request(folded):
        return None
    if len(folded.split()) > 8:  # a long sentence is a question or a comment, not an answer
        return None
    for answer, pattern in _ANSWER_PATTERNS:
        if re.search(pattern, folded):
            return answer
    return None


_EXPLAIN = re.compile(
    r"hva betyr|kva betyr|kva tyder|hva mener du|kva meiner du|hvorfor spor|korfor spor|kvifor spor|"
    r"^forklar|kan du forklare|hva menes|forstar ikke|skjonner ikke|^hvorfor\??$|^kvifor\??$|^korfor\??$|^utdyp"
)


def is_explanation_request(text: str) -> bool:
    """«Hva betyr det?», «hvorfor spør du?», «forklar» (bokmål, nynorsk, ASCII)."""
    return bool(_EXPLAIN.search(fold_spelling(text or "").strip(" .!")))


def first_unanswered(checklist: Checklist, answers: dict[str, str]) -> str | None:
    return next((q.id for q in checklist.questions if q.id not in answers), None)


def question_prompt(checklist: Checklist, index: int) -> str:
    """«Spørsmål 3 av 12: …»"""
    return f"Spørsmål {index + 1} av {len(checklist.questions)}: {checklist.questions[index].text}"


@dataclass(frozen=True)
class Score:
    in_place: int
    partial: int
    gaps: int
    unanswered: int
    total: int

    @property
    def verdict(self) -> str:
        # Share of points in place, counting «delvis» as half: ≥ 80 % good, ≥ 50 % some work, else much to do.
        share = (self.in_place + 0.5 * self.partial) / self.total if self.total else 0
        if share >= 0.8:
            return "Dere har et godt grunnlag for en innovativ anskaffelse."
        if share >= 0.5:
            return "Dere er godt i gang, men noen punkter bør på plass før konkurransen."
        return "Det er en del arbeid igjen før anskaffelsen kan gjøres innovativ, men det er fullt mulig."


def score(answers: dict[str, str], total: int | None = None) -> Score:
    total = total if total is not None else len(answers)
    counts = {value: sum(1 for answer in answers.values() if answer == value) for value in (YES, PARTIAL, NO, UNSURE)}
    answered = sum(counts.values())
    return Score(counts[YES], counts[PARTIAL], counts[NO] + counts[UNSURE], max(total - answered, 0), total)


def _gaps_by_phase(checklist: Checklist, answers: dict[str, str]) -> list[Question]:
    gaps = [q for q in checklist.questions if answers.get(q.id, UNSURE) != YES]
    return sorted(gaps, key=lambda q: (checklist.phase_rank(q.phase), checklist.questions.index(q)))


def _advice(question: Question, answer: str | None) -> str:
    if answer == PARTIAL and question.advice_partial:
        return question.advice_partial
    return question.advice


def _sources(questions) -> str:
    """Deduplicated sources, with one check date at the end when any source carries one."""
    checked = ""
    pieces: dict[str, None] = {}
    for question in questions:
        for piece in question.source.split(";"):
            match = re.search(r"\s*\((kontrollert [^)]+)\)\s*$", piece)
            if match:
                checked = match.group(1)
                piece = piece[: match.start()]
            pieces[piece.strip()] = None
    text = "; ".join(pieces)
    return f"{text} ({checked})" if checked else text


def summary_text(checklist: Checklist, answers: dict[str, str], today: date) -> str:
    """Chat summary: starts with «Oppsummering», gaps with next steps in process order, then sources."""
    result = score(answers, len(checklist.questions))
    lines = [f"Oppsummering: {result.in_place} av {result.total} punkter er på plass. {result.verdict}"]
    gaps = _gaps_by_phase(checklist, answers)
    if gaps:
        lines.append("Neste steg, i prosessens rekkefølge:")
        for question in gaps:
            answer = ANSWER_LABELS.get(answers.get(question.id, ""), "Ikke besvart")
            lines.append(f"- **{checklist.phases[question.phase]}** ({answer.lower()}): {_advice(question, answers.get(question.id))}")
    else:
        lines.append("Alle punktene er på plass. Husk å evaluere og dele erfaringene når kontrakten er i gang.")
    lines.append(f"Kilde: {_sources(gaps or checklist.questions)}.")
    return "\n".join(lines)


def summary_note(checklist: Checklist, answers: dict[str, str], today: date, title: str | None = None) -> str:
    """A Markdown note for the procurement file (anskaffelsesprotokoll/saksnotat)."""
    result = score(answers, len(checklist.questions))
    lines = [
        f"# {title or checklist.title}",
        "",
        f"Dato: {today.strftime('%d.%m.%Y')}",
        f"Resultat: {result.in_place} av {result.total} punkter på plass, {result.partial} delvis, {result.gaps} mangler.",
        "",
        "## Svar",
    ]
    for number, question in enumerate(checklist.questions, start=1):
        answer = ANSWER_LABELS.get(answers.get(question.id, ""), "Ikke besvart")
        lines.append(f"{number}. {question.text} **{answer}**")
    gaps = _gaps_by_phase(checklist, answers)
    if gaps:
        lines += ["", "## Neste steg"]
        lines += [f"- {checklist.phases[q.phase]}: {_advice(q, answers.get(q.id))}" for q in gaps]
    lines += [
        "",
        "Dette er veiledning fra Anskaffelseslosen, ikke juridisk rådgivning.",
        checklist.note,
        f"Kilder: {_sources(checklist.questions)}.",
    ]
    return "\n".join(lines)
