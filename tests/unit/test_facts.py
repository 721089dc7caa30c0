"""Dated legal facts: the version valid on a day, history, reservations, the review list, and one home."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from advisor import facts
from advisor.thresholds import EXEMPT, PART_I, PART_II, PART_III, PART_IV, answer_threshold_question, applicable_part

ROOT = Path(__file__).resolve().parents[2]
BEFORE = date(2026, 6, 30)
AFTER = date(2026, 7, 1)
TODAY = date(2026, 12, 2)


def test_today_comes_from_the_clock_unless_overridden(monkeypatch):
    monkeypatch.delenv(facts.TODAY_VARIABLE, raising=False)
    assert facts.today() == date.today()
    monkeypatch.setenv(facts.TODAY_VARIABLE, "2026-06-30")
    assert facts.today() == BEFORE
    assert facts.amount("nedre_grense") == 100_000


def test_the_lower_limit_changed_on_1_july_2026():
    assert facts.amount("nedre_grense", BEFORE) == 100_000
    assert facts.amount("nedre_grense", AFTER) == 500_000
    assert facts.fact("nedre_grense_forrige", TODAY).display == "100 000 kr"
    assert [v.value for v in facts.history("nedre_grense")] == [100_000, 500_000]


def test_every_fact_version_is_complete():
    levels = set(facts.STATED_AS_FACT + facts.STATED_WITH_RESERVATION + facts.NEVER_STATED)
    for fact_id, versions in facts.all_facts().items():
        for version in versions:
            assert version.source and version.url.startswith("https://"), fact_id
            assert re.fullmatch(r"20\d\d-\d\d", version.checked), fact_id
            assert version.confidence in levels, fact_id
            assert isinstance(version.review_by, date) and isinstance(version.valid_from, date), fact_id
            if version.confidence in facts.STATED_WITH_RESERVATION:
                assert version.attribution, f"{fact_id}: MIDDELS facts are attributed («ifølge …»)"
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.valid_to is not None and earlier.valid_to < later.valid_from, fact_id


def test_unverified_facts_are_never_stated():
    with pytest.raises(facts.UnknownFact):
        facts.values_for(["paragraf4_nasjonalt"], TODAY)
    with pytest.raises(facts.UnknownFact):
        facts.values_for(["finnes_ikke"], TODAY)


def test_source_line_names_the_facts_and_the_oldest_check():
    line = facts.source_line(["nedre_grense", "eos_andre"], sources="anskaffelsesloven § 2", day=TODAY)
    assert line.startswith("Kilde: ") and "anskaffelsesforskriften § 5-3" in line
    assert line.endswith("(kontrollert januar 2026).")  # the EØS figure was last checked in January


def test_review_list_puts_overdue_current_facts_first():
    items = facts.review_list(TODAY)
    assert items[0].current and items[0].overdue
    assert {item.version.fact_id for item in items if item.overdue} >= {"eos_andre", "eos_stat"}
    assert not any(item.overdue for item in items if not item.current)


@pytest.mark.parametrize("value, before, after", [
    (80_000, EXEMPT, EXEMPT), (300_000, PART_I, EXEMPT), (450_000, PART_I, EXEMPT), (499_999, PART_I, EXEMPT),
    (500_000, PART_I, PART_I), (600_000, PART_I, PART_I), (1_299_999, PART_I, PART_I),
    (1_300_000, PART_II, PART_II), (2_299_999, PART_II, PART_II), (2_300_000, PART_III, PART_III),
])
def test_boundaries_for_a_municipality_buying_services(value, before, after):
    assert applicable_part(value, "kommune", "tjenester", BEFORE).part == before
    assert applicable_part(value, "kommune", "tjenester", AFTER).part == after


@pytest.mark.parametrize("buyer, contract, threshold", [
    ("stat", "varer", 1_490_000), ("kommune", "varer", 2_300_000), ("kommune", "bygg_og_anlegg", 57_800_000),
    ("stat", "bygg_og_anlegg", 57_800_000),
])
def test_each_eea_threshold_before_and_after_the_amendments(buyer, contract, threshold):
    for day in (BEFORE, AFTER):
        assert applicable_part(threshold - 1, buyer, contract, day).part == PART_II
        assert applicable_part(threshold, buyer, contract, day).part == PART_III


def test_health_and_social_services_are_part_i_below_and_part_iv_above_their_threshold():
    assert applicable_part(5_000_000, "kommune", "helse_sosial", TODAY).part == PART_I
    assert applicable_part(7_799_999, "kommune", "helse_sosial", TODAY).part == PART_I
    assert applicable_part(7_800_000, "kommune", "helse_sosial", TODAY).part == PART_IV
    answer = answer_threshold_question(5_000_000, "kommune", "helse_sosial", TODAY)
    assert "bare loven og del I" in answer and "Doffin" not in answer


def test_a_hospital_uses_the_threshold_for_other_buyers():
    from advisor.thresholds import normalise_buyer_type

    buyer = normalise_buyer_type("vi er et helseforetak")
    answer = answer_threshold_question(2_000_000, buyer, "tjenester", TODAY)
    assert "del I og del II" in answer and "2,3 mill. kr" in answer and "helseforetak" in answer


@pytest.mark.parametrize("value", [80_000, 300_000, 450_000])
def test_small_purchases_before_and_after_1_july_2026(value):
    before = answer_threshold_question(value, "kommune", "tjenester", BEFORE)
    after = answer_threshold_question(value, "kommune", "tjenester", AFTER)
    assert "gjelder **ikke anskaffelsesregelverket** (nedre grense 500 000 kr)" in after
    if value >= 100_000:
        assert "loven og del I" in before and "Fra 1. juli 2026 heves grensen til 500 000 kr" in before
        assert "Fram til 30. juni 2026 gjaldt 100 000 kr" in after
    assert after.splitlines()[-1].startswith("Kilde:") and "kontrollert desember 2026" in after


def test_600000_is_covered_before_and_after():
    for day in (BEFORE, AFTER):
        assert "**loven og del I**" in answer_threshold_question(600_000, "kommune", "tjenester", day)


# --- One home: no kroner amount and no check date written literally outside knowledge/ ---------------

_AMOUNT = re.compile(r"\d[\d  ]*(?:[.,]\d+)?\s*(?:kr\b|kroner|mill\b|mill\.|millioner)|\b\d{1,3}(?:[  ]\d{3})+\b")
_CHECK_DATE = re.compile(r"kontrollert\s+(?:i\s+)?(?:" + "|".join(facts.MONTHS) + r")\s+20\d\d", re.IGNORECASE)
_QUOTED = re.compile(r"«[^»]*»")  # examples of what a user may type («800 000 kr») are not facts


def _response_texts(path: Path) -> list[str]:
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts = []
    for variants in (content.get("responses") or {}).values():
        texts.extend(str(variant.get("text", "")) for variant in variants)
    return texts


def _python_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _python_amounts(path: Path) -> list[int]:
    """Integers that look like kroner limits in comparisons («value > 500_000»)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    multipliers = {1_000, 1_000_000, 1_000_000_000}
    return [node.value for compare in ast.walk(tree) if isinstance(compare, ast.Compare)
            for node in ast.walk(compare) if isinstance(node, ast.Constant)
            and isinstance(node.value, int) and not isinstance(node.value, bool)
            and node.value > 10_000 and node.value not in multipliers]


def _offending(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        plain = _QUOTED.sub("", text)
        found += [m.group(0) for m in _AMOUNT.finditer(plain)] + [m.group(0) for m in _CHECK_DATE.finditer(plain)]
    return found


def test_no_kroner_amount_or_check_date_is_written_literally():
    offences = {}
    for path in [*(ROOT / "data").rglob("*.yml"), ROOT / "domain.yml"]:
        if bad := _offending(_response_texts(path)):
            offences[str(path.relative_to(ROOT))] = bad
    for folder in ("actions", "advisor"):
        for path in (ROOT / folder).rglob("*.py"):
            bad = _offending(_python_strings(path)) + [str(n) for n in _python_amounts(path)]
            if bad:
                offences[str(path.relative_to(ROOT))] = bad
    assert not offences, f"write amounts and check dates in knowledge/regelverk.yml and name them: {offences}"


def test_the_literal_check_finds_what_it_looks_for():
    assert _offending(["Grensen er 100 000 kr.", "(kontrollert januar 2026)", "1,3 mill. kr"]) == [
        "100 000 kr", "kontrollert januar 2026", "1,3 mill"]
    assert _offending(["Skriv for eksempel «800 000 kr».", "{nedre_grense}", "§ 13-2", "30 dager"]) == []


def test_make_facts_lists_every_fact_most_urgent_first(capsys, monkeypatch):
    import runpy

    monkeypatch.setattr("sys.argv", ["facts.py", "--today", "2026-12-02"])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(ROOT / "scripts" / "facts.py"), run_name="__main__")
    assert done.value.code == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert "§ lov_habilitet: kontrollert desember 2026" in out and "metode_steg: kontrollert november 2026" in out
    assert len(lines) == sum(len(v) for v in facts.all_facts().values())
    assert lines[0].startswith("[FORFALT") and any("nedre_grense: 500 000 kr" in line for line in lines)


def test_the_report_has_the_fact_review_list(tmp_path):
    from insights.report import build_report
    from insights.report_page import write_report

    page = write_report(build_report([]), tmp_path)
    assert "Juridiske fakta til kontroll" in page.read_text(encoding="utf-8")
    assert "nedre_grense" in (tmp_path / "fakta_til_kontroll.csv").read_text(encoding="utf-8")
