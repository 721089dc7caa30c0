"""Writes a Report (insights/report.py) as one self-contained HTML page and CSV files.

The page has no external resources (inline CSS and SVG charts), so it opens offline on the
intranet. Every text from the conversations is escaped. The CSV files use «;» and UTF-8 with BOM so
that Excel with Norwegian settings opens them directly; cells that would start a formula are
prefixed with «'» (CSV injection).
"""

from __future__ import annotations

import csv
import html
from datetime import datetime
from pathlib import Path

from advisor.facts import review_rows
from advisor.facts import today as facts_today
from insights.report import CATEGORY_LABELS, QUESTION_CATEGORIES, Report

HTML_FILE = "rapport.html"
CSV_FILES = {
    "summary": "sammendrag.csv",
    "periods": "samtaler_over_tid.csv",
    "topics": "temaer.csv",
    "unanswered": "ubesvarte_sporsmal.csv",
    "feedback": "tilbakemeldinger.csv",
    "comments": "kommentarer.csv",
    "checklist": "sjekkliste_mangler.csv",
    "procedures": "prosedyreanbefalinger.csv",
    "facts": "fakta_til_kontroll.csv",
}
CATEGORY_COLOURS = {"faq": "#1f6f43", "handling": "#1f3a5f", "ubesvart": "#b3261e"}
UNANSWERED_ON_PAGE = 25


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows([[_cell(value) for value in row] for row in rows])


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def _confidence(value: float | None) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) else ""


def summary_rows(report: Report) -> list[tuple[str, int]]:
    """Key figures, also written as sammendrag.csv (so figures can be followed over time)."""
    c, p = report.checklist, report.procedure
    return [
        ("samtaler", report.conversations), ("meldinger", report.messages), ("aktive dager", report.active_days),
        ("spørsmål", report.questions),
        *[(f"besvart: {CATEGORY_LABELS[k]}", report.outcomes[k]) for k in QUESTION_CATEGORIES],
        ("tilbakemeldinger", report.feedback_count),
        ("tilbakemeldinger: nyttig", sum(f.useful for f in report.feedback)),
        ("tilbakemeldinger: ikke nyttig", sum(f.not_useful for f in report.feedback)),
        ("kommentarer", len(report.comments)),
        ("ulike ubesvarte spørsmål", len(report.unanswered)),
        ("sjekkliste: startet", c.started), ("sjekkliste: fullført", c.finished),
        ("sjekkliste: avbrutt", c.cancelled), ("sjekkliste: ikke fullført", c.unfinished),
        ("prosedyrevalg: startet", p.started), ("prosedyrevalg: anbefaling gitt", p.recommended),
        ("prosedyrevalg: avbrutt", p.cancelled),
    ]


FACT_COLUMNS = ["faktum", "beskrivelse", "verdi", "gjelder_fra", "gjelder_til", "kontrollert", "sikkerhet", "status",
                "kilde", "lenke"]


def write_csv_files(report: Report, folder: Path) -> dict[str, Path]:
    paths = {name: folder / filename for name, filename in CSV_FILES.items()}
    _write_csv(paths["facts"], FACT_COLUMNS, [[row[c] for c in FACT_COLUMNS] for row in review_rows(facts_today())])
    _write_csv(paths["summary"], ["nøkkeltall", "verdi"], [list(row) for row in summary_rows(report)])
    _write_csv(
        paths["periods"], [report.period_unit, "samtaler", "meldinger", "aktive dager"],
        [[p.label, p.conversations, p.messages, p.active_days] for p in report.periods],
    )
    _write_csv(
        paths["topics"], ["tema", "nøkkel", "spørsmål", *[CATEGORY_LABELS[c] for c in QUESTION_CATEGORIES]],
        [[t.label, t.key, t.total, *[t.counts[c] for c in QUESTION_CATEGORIES]] for t in report.topics],
    )
    _write_csv(
        paths["unanswered"],
        ["spørsmål", "antall", "utfall", "nærmeste tema", "nærmeste tema (nøkkel)", "NLU-gjetning", "sikkerhet",
         "sist spurt"],
        [[u.question, u.count, u.outcome, u.nearest_title, u.nearest_key, u.nlu_guess, _confidence(u.confidence),
          u.last_asked.isoformat()] for u in report.unanswered],
    )
    _write_csv(
        paths["feedback"], ["tema", "nøkkel", "nyttig", "ikke nyttig"],
        [[f.label, f.key, f.useful, f.not_useful] for f in report.feedback],
    )
    _write_csv(
        paths["comments"], ["dato", "tema", "nøkkel", "vurdering", "kommentar"],
        [[c.day.isoformat(), c.label, c.key, "nyttig" if c.rating == "ja" else "ikke nyttig", c.comment]
         for c in report.comments],
    )
    _write_csv(
        paths["checklist"], ["spørsmål", "id", "gjennomganger med «nei» eller «vet ikke»"],
        [[text, qid, n] for qid, text, n in report.checklist.gaps],
    )
    _write_csv(
        paths["procedures"], ["anbefalt prosedyre", "antall"],
        [[name, n] for name, n in report.procedure.by_procedure.most_common()],
    )
    return paths


# --------------------------------------------------------------------------------------------------
# HTML


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(header: list[str], rows: list[list[object]], numeric_from: int = 1, caption: str = "") -> str:
    if not rows:
        return '<p class="empty">Ingen data i perioden.</p>'
    head = "".join(f'<th scope="col"{" class=num" if i >= numeric_from else ""}>{_e(h)}</th>'
                   for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i >= numeric_from else ""}>{_e(v)}</td>' for i, v in enumerate(row))
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _short(label: str) -> str:
    """Axis text: «11-25» for a day, «u47» for a week, «2026-11» for a month."""
    if " uke " in label:
        return "u" + label.rsplit(" ", 1)[1]
    return label[-5:] if len(label) == 10 else label


def svg_bars(labels: list[str], values: list[int], title: str, colour: str = "#1f3a5f") -> str:
    """A bar chart as inline SVG, with a text title and one <title> per bar for screen readers."""
    width, height, left, bottom, top = 720, 220, 44, 46, 14
    plot_w, plot_h = width - left - 10, height - top - bottom
    highest = max(values, default=0) or 1
    step = plot_w / max(len(values), 1)
    bar_w = max(step * 0.75, 1)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}" class="chart">',
        f"<title>{_e(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#767676"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="axis">{highest}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="axis">0</text>',
    ]
    label_every = max(1, -(-len(labels) // 10))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / highest
        x = left + i * step + (step - bar_w) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{_e(label)}: {value}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="axis">'
                f"{_e(_short(label))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _share_bars(report: Report) -> str:
    total = report.questions
    rows = []
    for category in QUESTION_CATEGORIES:
        count = report.outcomes[category]
        share = 100 * count / total if total else 0
        rows.append(
            f'<tr><th scope="row">{_e(CATEGORY_LABELS[category])}</th><td class="num">{count}</td>'
            f'<td class="num">{_percent(count, total)}</td><td class="barcell" aria-hidden="true">'
            f'<span class="bar" style="width:{share:.1f}%;background:{CATEGORY_COLOURS[category]}"></span></td></tr>'
        )
    return (
        '<table><thead><tr><th scope="col">Besvart med</th><th scope="col" class="num">Spørsmål</th>'
        '<th scope="col" class="num">Andel</th><th scope="col"><span class="sr">Stolpe</span></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9;
line-height:1.45}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:2px solid #1f3a5f;padding-bottom:.2rem}
section{background:#fff;padding:.2rem 1rem 1rem;margin-bottom:1rem;border-radius:.4rem;overflow-x:auto}
.figures{display:flex;flex-wrap:wrap;gap:.8rem;list-style:none;padding:0}
.figures li{background:#eef1f5;border-radius:.4rem;padding:.6rem .9rem;min-width:8rem}
.figures strong{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.95rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d0d4da;vertical-align:top}
.num{text-align:right;white-space:nowrap} caption{text-align:left;font-weight:600;padding:.3rem 0}
.barcell{width:40%} .bar{display:inline-block;height:.9rem;border-radius:.2rem}
.chart{width:100%;height:auto;max-height:16rem} .axis{font-size:11px;fill:#444}
.empty,.note{color:#555} .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
a{color:#0b4f9c}
"""


def _link(csv_paths: dict[str, Path], name: str) -> str:
    return f'<a href="{_e(csv_paths[name].name)}">{_e(csv_paths[name].name)}</a>'


def _period_text(report: Report) -> str:
    if not report.first_day:
        return "ingen samtaler"
    return f"{report.first_day.isoformat()} – {report.last_day.isoformat()}"


def _summary_section(report: Report, csv_paths: dict[str, Path], since: str | None, generated: datetime) -> str:
    answered = report.questions - report.outcomes["ubesvart"]
    figures = [
        ("Samtaler", report.conversations), ("Meldinger", report.messages), ("Aktive dager", report.active_days),
        ("Spørsmål", report.questions), ("Besvart", _percent(answered, report.questions)),
        ("Tilbakemeldinger", report.feedback_count),
    ]
    return (
        "<section><h2>Sammendrag</h2>"
        f"<p>Periode: {_e(_period_text(report))}{_e(f' (fra {since})') if since else ''}. "
        f"Laget {_e(generated.strftime('%Y-%m-%d %H:%M'))}. "
        "Samtaler telles per økt; meldinger er det brukerne skrev eller valgte med knapp (uten tilbakemeldinger). "
        "Rapporten viser bare maskert tekst og ingen opplysninger om hvem som spurte.</p>"
        '<ul class="figures">'
        + "".join(f"<li><strong>{_e(v)}</strong>{_e(k)}</li>" for k, v in figures)
        + f'</ul><p class="note">Nøkkeltallene: {_link(csv_paths, "summary")}</p></section>'
    )


def _periods_section(report: Report, csv_paths: dict[str, Path]) -> str:
    unit, labels = report.period_unit, [p.label for p in report.periods]
    return (
        f"<section><h2>Samtaler over tid (per {_e(unit)})</h2>"
        + f"<h3>Samtaler per {_e(unit)}</h3>"
        + svg_bars(labels, [r.conversations for r in report.periods], f"Samtaler per {unit}")
        + f"<h3>Meldinger per {_e(unit)}</h3>"
        + svg_bars(labels, [r.messages for r in report.periods], f"Meldinger per {unit}", "#1f6f43")
        + _table([unit.capitalize(), "Samtaler", "Meldinger", "Aktive dager"],
                 [[r.label, r.conversations, r.messages, r.active_days] for r in report.periods])
        + f'<p class="note">Tallene: {_link(csv_paths, "periods")}</p></section>'
    )


def _outcomes_section(report: Report) -> str:
    return (
        "<section><h2>Hvordan spørsmålene ble besvart</h2>" + _share_bars(report)
        + '<p class="note">Svar i sjekklisten og i valget av prosedyre er ikke spørsmål og telles ikke her.</p>'
        "</section>"
    )


def _topics_section(report: Report, csv_paths: dict[str, Path]) -> str:
    return (
        "<section><h2>Mest spurte temaer</h2>"
        + _table(["Tema", "Spørsmål", *[CATEGORY_LABELS[k] for k in QUESTION_CATEGORIES]],
                 [[t.label, t.total, *[t.counts[k] for k in QUESTION_CATEGORIES]] for t in report.topics[:30]])
        + f'<p class="note">Alle temaer: {_link(csv_paths, "topics")}</p></section>'
    )


def _unanswered_section(report: Report, csv_paths: dict[str, Path]) -> str:
    return (
        "<section><h2>Spørsmål boten ikke kunne svare sikkert på</h2>"
        "<p>Spørsmål boten ikke hadde et sikkert svar på, spørsmål utenfor tema og spørsmål den tolket med lav "
        "sikkerhet. "
        "Nærmeste tema er funnet med søket i kunnskapsbasen. Legg gode spørsmål inn som eksempler på temaet "
        "i <code>data/nlu/faq_*.yml</code>.</p>"
        + _table(["Spørsmål", "Antall", "Utfall", "Nærmeste tema", "Sist spurt"],
                 [[u.question, u.count, u.outcome, u.nearest_title, u.last_asked.isoformat()]
                  for u in report.unanswered[:UNANSWERED_ON_PAGE]], numeric_from=1)
        + f'<p class="note">Alle {len(report.unanswered)} spørsmål, med NLU-gjetning og sikkerhet: '
        f'{_link(csv_paths, "unanswered")}</p></section>'
    )


def _feedback_section(report: Report, csv_paths: dict[str, Path]) -> str:
    return (
        "<section><h2>Var svaret nyttig?</h2>"
        + _table(["Tema", "👍 Nyttig", "👎 Ikke nyttig", "Andel nyttig"],
                 [[f.label, f.useful, f.not_useful, _percent(f.useful, f.useful + f.not_useful)]
                  for f in report.feedback])
        + "<h3>Kommentarer</h3>"
        + _table(["Dato", "Tema", "Vurdering", "Kommentar"],
                 [[k.day.isoformat(), k.label, "nyttig" if k.rating == "ja" else "ikke nyttig", k.comment]
                  for k in report.comments], numeric_from=99)
        + f'<p class="note">{_link(csv_paths, "feedback")}, {_link(csv_paths, "comments")}</p></section>'
    )


def _checklist_section(report: Report, csv_paths: dict[str, Path]) -> str:
    c = report.checklist
    return (
        "<section><h2>Sjekklisten «Kan anskaffelsen gjøres innovativ?»</h2>"
        + _table(["", "Antall"], [["Startet", c.started], ["Fullført", c.finished],
                                  ["Avbrutt (pause uten å fortsette, eller startet på nytt)", c.cancelled],
                                  ["Ikke fullført (forlatt underveis eller pågår)", c.unfinished]])
        + _table(["Vanligste mangler (svart «nei» eller «vet ikke»)", "Gjennomganger"],
                 [[text, n] for _qid, text, n in c.gaps[:10]])
        + f'<p class="note">{_link(csv_paths, "checklist")}</p></section>'
    )


def _facts_section(csv_paths: dict[str, Path]) -> str:
    return (
        "<section><h2>Juridiske fakta til kontroll</h2>"
        "<p>Alle fakta boten oppgir om regelverket, fra <code>knowledge/regelverk.yml</code>, mest presserende først. "
        "Et forfalt faktum vises med advarsel i svarene til det er kontrollert og oppdatert.</p>"
        + _table(["Faktum", "Verdi", "Gjelder fra", "Kontrollert", "Sikkerhet", "Status"],
                 [[r["beskrivelse"], r["verdi"], r["gjelder_fra"], r["kontrollert"], r["sikkerhet"], r["status"]]
                  for r in review_rows(facts_today())], numeric_from=99)
        + f'<p class="note">{_link(csv_paths, "facts")}</p></section>'
    )


def _procedure_section(report: Report, csv_paths: dict[str, Path]) -> str:
    p = report.procedure
    return (
        "<section><h2>Valg av prosedyre</h2>"
        + _table(["", "Antall"], [["Startet", p.started], ["Anbefaling gitt", p.recommended], ["Avbrutt", p.cancelled]])
        + _table(["Anbefalt prosedyre", "Antall"], [[name, n] for name, n in p.by_procedure.most_common()])
        + f'<p class="note">{_link(csv_paths, "procedures")}</p></section>'
    )


def render_html(report: Report, csv_paths: dict[str, Path], since: str | None, generated: datetime) -> str:
    sections = [
        _summary_section(report, csv_paths, since, generated),
        _periods_section(report, csv_paths),
        _outcomes_section(report),
        _topics_section(report, csv_paths),
        _unanswered_section(report, csv_paths),
        _feedback_section(report, csv_paths),
        _checklist_section(report, csv_paths),
        _facts_section(csv_paths),
        _procedure_section(report, csv_paths),
    ]
    return (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Anskaffelseslosen – innsikt {_e(_period_text(report))}</title><style>{_CSS}</style></head>"
        f"<body><main><h1>Anskaffelseslosen – hva brukerne spurte om</h1>{''.join(sections)}</main></body></html>"
    )


def write_report(report: Report, folder: Path, since: str | None = None, generated: datetime | None = None) -> Path:
    """Writes rapport.html and the CSV files into `folder`; returns the HTML path."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_paths = write_csv_files(report, folder)
    page = folder / HTML_FILE
    page.write_text(render_html(report, csv_paths, since, generated or datetime.now()), encoding="utf-8")
    return page
