"""The checklist «Kan anskaffelsen gjøres innovativ?»: content, stepping, scoring, summary and note.

The questions live in ``knowledge/sjekkliste.yml`` (edited by the content owner). They are the
project's own, derived from the method in LUP's course «Innovative anskaffelser – hvordan gjør vi
det?» (2019); LUP's official checklist was not found (see the file header).

Pure Python: stdlib and PyYAML only, no Rasa. Typed answers are read by advisor/answers.py.

Public API
    load_checklist(path=None) -> Checklist
    score(answers, total=None) -> Score
    summary_text(checklist, answers, today) -> str      (chat summary, starts with «Oppsummering»)
    summary_note(checklist, answers, today, title=None) -> str   (note for the procurement file)
    question_prompt(checklist, index) -> str           («Spørsmål 3 av 10: …», index counted from 0)
    first_unanswered(checklist, answers) -> str | None (question id)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from advisor.answers import ANSWER_LABELS, ANSWER_VALUES, NO, PARTIAL, UNSURE, YES

# The answer values are the values of the slot `checklist_answer` and of the dict `checklist_answers`.
from advisor.knowledge import knowledge_dir

NOT_ANSWERED_LABEL = "Ikke besvart"

# --------------------------------------------------------------------------------------------------
# Content file

CHECKLIST_FILE = "sjekkliste.yml"

REQUIRED_FIELDS = ("id", "phase", "text", "why", "advice", "source")
OPTIONAL_FIELDS = ("advice_partial",)
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Phase:
    id: str
    name: str


@dataclass(frozen=True)
class Question:
    id: str
    phase: str
    text: str
    why: str
    advice: str
    source: str
    advice_partial: str | None = None

    def advice_for(self, answer: str | None) -> str:
        """The next step for an answer: advice_partial for «delvis» when it exists, else advice."""
        if answer == PARTIAL and self.advice_partial:
            return self.advice_partial
        return self.advice


@dataclass(frozen=True)
class Checklist:
    title: str
    note: str
    phases: tuple[Phase, ...]  # in process order
    questions: tuple[Question, ...]  # in the order they are asked

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self.questions)

    def phase_name(self, phase_id: str) -> str:
        return next(phase.name for phase in self.phases if phase.id == phase_id)

    def phase_rank(self, phase_id: str) -> int:
        return next(rank for rank, phase in enumerate(self.phases) if phase.id == phase_id)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def default_checklist_path() -> Path:
    """sjekkliste.yml in the content folder (advisor/knowledge.py finds it)."""
    return knowledge_dir() / CHECKLIST_FILE


def load_checklist(path: str | Path | None = None) -> Checklist:
    """Reads and validates the checklist.

    Raises ValueError with a message in Norwegian (for the content owner) when the file is missing,
    is not valid YAML, lacks a field, repeats a question id, or names an unknown phase.
    The result is cached until the file changes, so edits are picked up without a restart.
    """
    path = Path(path) if path is not None else default_checklist_path()
    try:
        stat = path.stat()
    except OSError as error:
        raise ValueError(f"Fant ikke sjekklista {path}: {error.strerror or error}") from error
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime_ns: int, _size: int) -> Checklist:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path} er ikke gyldig YAML: {error}") from error
    return _parse(raw, path)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _parse(raw: object, path: str) -> Checklist:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{path}: fila må inneholde title, note, phases og questions")
    title, note = _text(raw.get("title")), _text(raw.get("note"))
    if not title:
        raise ValueError(f"{path}: feltet «title» mangler")
    if not note:
        raise ValueError(f"{path}: feltet «note» mangler (hvor spørsmålene kommer fra)")

    phases: list[Phase] = []
    for number, item in enumerate(raw.get("phases") or [], start=1):
        if not isinstance(item, Mapping) or not _text(item.get("id")) or not _text(item.get("name")):
            raise ValueError(f"{path}: fase {number} må ha både id og name")
        if any(phase.id == item["id"].strip() for phase in phases):
            raise ValueError(f"{path}: fase-id «{item['id']}» finnes to ganger")
        phases.append(Phase(item["id"].strip(), item["name"].strip()))
    if not phases:
        raise ValueError(f"{path}: lista «phases» mangler eller er tom")
    phase_ids = {phase.id for phase in phases}

    questions: list[Question] = []
    for number, item in enumerate(raw.get("questions") or [], start=1):
        if not isinstance(item, Mapping):
            raise ValueError(f"{path}: spørsmål {number} er ikke en liste med felter")
        label = f"spørsmål {number}" + (f" («{item['id']}»)" if _text(item.get("id")) else "")
        missing = [name for name in REQUIRED_FIELDS if not _text(item.get(name))]
        if missing:
            raise ValueError(f"{path}: {label} mangler: {', '.join(missing)}")
        unknown = sorted(set(item) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
        if unknown:
            raise ValueError(f"{path}: {label} har ukjent felt: {', '.join(map(str, unknown))}")
        if "advice_partial" in item and not _text(item.get("advice_partial")):
            raise ValueError(f"{path}: {label} har et tomt advice_partial (fjern feltet eller fyll det ut)")
        question = Question(
            **{name: _text(item[name]) for name in REQUIRED_FIELDS},
            advice_partial=_text(item.get("advice_partial")) or None,
        )
        if not _ID_PATTERN.match(question.id):
            raise ValueError(f"{path}: {label} har en ugyldig id (bruk små bokstaver, tall og _)")
        if any(other.id == question.id for other in questions):
            raise ValueError(f"{path}: spørsmåls-id «{question.id}» finnes to ganger")
        if question.phase not in phase_ids:
            known = ", ".join(phase.id for phase in phases)
            raise ValueError(f"{path}: {label} har ukjent fase «{question.phase}» (kjente faser: {known})")
        questions.append(question)
    if not questions:
        raise ValueError(f"{path}: lista «questions» mangler eller er tom")
    return Checklist(title, note, tuple(phases), tuple(questions))


# --------------------------------------------------------------------------------------------------
# Walking through the questions


def first_unanswered(checklist: Checklist, answers: Mapping[str, str]) -> str | None:
    """Id of the first question (in file order) without a valid answer, or None when all are answered."""
    for question in checklist.questions:
        if _canonical(answers.get(question.id)) is None:
            return question.id
    return None


def question_prompt(checklist: Checklist, index: int) -> str:
    """«Spørsmål 3 av 10: <text>» for index 2 (index counts from 0, in file order)."""
    if not 0 <= index < len(checklist.questions):
        raise IndexError(f"Sjekklista har {len(checklist.questions)} spørsmål; indeks {index} finnes ikke")
    return f"Spørsmål {index + 1} av {len(checklist.questions)}: {checklist.questions[index].text}"


# --------------------------------------------------------------------------------------------------
# Scoring

# Thresholds on the share of points in place, where «delvis» counts as half a point:
#   share ≥ 0.8  → good basis          (e.g. 8 of 10 «ja», or 7 «ja» and 2 «delvis»)
#   share ≥ 0.5  → some work left      (e.g. 5 of 10 «ja»)
#   below 0.5    → much to do
# With nothing answered yet the verdict says so instead.
GOOD_SHARE = 0.8
SOME_WORK_SHARE = 0.5

VERDICT_GOOD = "Du har et godt grunnlag for en innovativ anskaffelse."
VERDICT_SOME_WORK = "Du er godt i gang, men noen punkter bør på plass før konkurransen."
VERDICT_MUCH_TO_DO = "Det er en del arbeid igjen, men punktene under viser hvor du kan begynne."
VERDICT_NONE = "Ingen av spørsmålene er besvart ennå."


@dataclass(frozen=True)
class Score:
    in_place: int  # «ja»
    partial: int  # «delvis»
    gaps: int  # «nei» and «vet ikke»
    unanswered: int  # questions without a (valid) answer
    total: int  # number of questions

    @property
    def answered(self) -> int:
        return self.in_place + self.partial + self.gaps

    @property
    def share(self) -> float:
        """Share of points in place, «delvis» counting half (0.0–1.0)."""
        return (self.in_place + 0.5 * self.partial) / self.total if self.total else 0.0

    @property
    def level(self) -> str:
        """"godt_grunnlag", "noe_arbeid", "mye_arbeid" or "ikke_besvart" (see the thresholds above)."""
        if self.answered == 0:
            return "ikke_besvart"
        if self.share >= GOOD_SHARE:
            return "godt_grunnlag"
        if self.share >= SOME_WORK_SHARE:
            return "noe_arbeid"
        return "mye_arbeid"

    @property
    def verdict(self) -> str:
        """A short verdict in Norwegian."""
        return {
            "ikke_besvart": VERDICT_NONE,
            "godt_grunnlag": VERDICT_GOOD,
            "noe_arbeid": VERDICT_SOME_WORK,
            "mye_arbeid": VERDICT_MUCH_TO_DO,
        }[self.level]


def _canonical(value: object) -> str | None:
    """A stored answer as one of the four values («Vet ikke» with a space or capitals is accepted too)."""
    if isinstance(value, str):
        value = "_".join(value.lower().split())
        if value in ANSWER_VALUES:
            return value
    return None


def score(answers: Mapping[str, str], total: int | None = None) -> Score:
    """Counts the answers. `total` is the number of questions (default: the number of answers);
    questions beyond the answers count as unanswered. Values other than the four answer values
    («vet ikke» with a space is accepted) are ignored, i.e. counted as unanswered."""
    values = [_canonical(value) for value in answers.values()]
    counts = {value: values.count(value) for value in ANSWER_VALUES}
    answered = sum(counts.values())
    total = answered if total is None else total
    return Score(
        in_place=counts[YES],
        partial=counts[PARTIAL],
        gaps=counts[NO] + counts[UNSURE],
        unanswered=max(total - answered, 0),
        total=total,
    )


def _checklist_score(checklist: Checklist, answers: Mapping[str, str]) -> Score:
    return score({q.id: answers[q.id] for q in checklist.questions if q.id in answers}, len(checklist.questions))


# --------------------------------------------------------------------------------------------------
# Summary in the chat and note for the procurement file


def answer_label(answer: object) -> str:
    """«Ja», «Delvis», «Nei», «Vet ikke» or «Ikke besvart»."""
    return ANSWER_LABELS.get(_canonical(answer) or "", NOT_ANSWERED_LABEL)


def gaps_by_phase(checklist: Checklist, answers: Mapping[str, str]) -> list[Question]:
    """Questions not answered «ja» (delvis, nei, vet ikke, unanswered), in the order of the process phases."""
    gaps = [q for q in checklist.questions if _canonical(answers.get(q.id)) != YES]
    order = {q.id: number for number, q in enumerate(checklist.questions)}
    return sorted(gaps, key=lambda q: (checklist.phase_rank(q.phase), order[q.id]))


_CHECKED = re.compile(r"\s*\((kontrollert [^)]+)\)\s*$")


def format_sources(questions: Iterable[Question]) -> str:
    """The sources of the questions, deduplicated: the method sources first, then the legal ones, with
    the check date once at the end («…; anskaffelsesforskriften § 13-2 (kontrollert januar 2026)»)."""
    pieces: dict[str, None] = {}
    checked: list[str] = []
    for question in questions:
        for piece in question.source.split(";"):
            match = _CHECKED.search(piece)
            if match:
                if match.group(1) not in checked:
                    checked.append(match.group(1))
                piece = piece[: match.start()]
            if piece.strip():
                pieces.setdefault(piece.strip().rstrip("."), None)
    ordered = sorted(pieces, key=lambda piece: 0 if piece.startswith("LUP") else 1)
    text = "; ".join(ordered)
    return f"{text} ({', '.join(checked)})" if checked else text


def summary_text(checklist: Checklist, answers: Mapping[str, str], today: date) -> str:
    """Chat summary in Norwegian Markdown.

    First line «Oppsummering: 6 av 10 punkter er på plass. <verdict>», then the gaps (delvis, nei,
    vet ikke, not answered) in the order of the phases, each with its next step, and last a «Kilde:»
    line with the deduplicated sources of what is shown. `today` is accepted for symmetry with
    summary_note (the chat summary carries no date).
    """
    result = _checklist_score(checklist, answers)
    lines = [f"Oppsummering: {result.in_place} av {result.total} punkter er på plass. {result.verdict}"]
    gaps = gaps_by_phase(checklist, answers)
    method_only = [q for q in checklist.questions if not _CHECKED.search(q.source)] or list(checklist.questions)
    if result.answered == 0:
        lines.append("Skriv «start sjekklisten» for å gå gjennom spørsmålene.")
        shown = method_only
    elif gaps:
        lines.append("")
        lines.append("Neste steg, i prosessens rekkefølge:")
        for question in gaps:
            answer = _canonical(answers.get(question.id))
            label = answer_label(answer).lower()
            lines.append(f"- **{checklist.phase_name(question.phase)}** ({label}): {question.advice_for(answer)}")
        shown = gaps
    else:
        lines.append("Alt er på plass. Husk å evaluere og dele erfaringene når kontrakten har kommet i gang.")
        shown = method_only
    lines.append("")
    lines.append(f"Kilde: {format_sources(shown)}.")
    return "\n".join(lines)


def summary_note(checklist: Checklist, answers: Mapping[str, str], today: date, title: str | None = None) -> str:
    """A Markdown note to paste into the procurement file (anskaffelsesprotokoll or saksnotat).

    Heading with the checklist title and the date (dd.mm.yyyy); `title` is the name of the
    procurement, shown under the heading when given. Then every question with its answer in words,
    the next steps for the gaps, a line saying this is guidance and not legal advice, where the
    questions come from, and the sources.
    """
    result = _checklist_score(checklist, answers)
    lines = [f"# {checklist.title} – sjekkliste {today.strftime('%d.%m.%Y')}", ""]
    if title and title.strip():
        lines.append(f"Anskaffelse: {title.strip()}")
    lines.append(
        f"Resultat: {result.in_place} av {result.total} punkter er på plass, {result.partial} delvis, "
        f"{result.gaps} nei eller vet ikke"
        + (f", {result.unanswered} ikke besvart" if result.unanswered else "")
        + f". {result.verdict}"
    )
    lines += ["", "## Svar", ""]
    for number, question in enumerate(checklist.questions, start=1):
        phase = checklist.phase_name(question.phase)
        lines.append(f"{number}. {question.text} ({phase}) – **{answer_label(answers.get(question.id))}**")
    gaps = gaps_by_phase(checklist, answers)
    lines += ["", "## Neste steg", ""]
    if gaps:
        for question in gaps:
            answer = _canonical(answers.get(question.id))
            lines.append(f"- {checklist.phase_name(question.phase)} ({answer_label(answer).lower()}): "
                         f"{question.advice_for(answer)}")
    else:
        lines.append("- Alle punktene er på plass. Evaluer anskaffelsen og del erfaringene når kontrakten er i gang.")
    lines += [
        "",
        "## Om notatet",
        "",
        "Notatet er laget med Anskaffelseslosen. Det er veiledning, ikke juridisk rådgivning: "
        "sjekk regelverket og ta kontakt med innkjøpsavdelingen før du tar avgjørelser.",
        checklist.note,
        "",
        f"Kilder: {format_sources(checklist.questions)}.",
    ]
    return "\n".join(lines)
