"""Statistics of the load test (scripts/loadtest.py): percentiles, per-type summaries, the table."""

import math

import pytest

from scripts.loadtest import Sample, _require_local, format_table, percentile, summarise


def test_percentile_interpolates_between_ranks():
    values = [10, 20, 30, 40, 50]
    assert percentile(values, 50) == 30
    assert percentile(values, 0) == 10 and percentile(values, 100) == 50
    assert percentile(values, 95) == pytest.approx(48)
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)
    assert percentile([7], 99) == 7
    assert math.isnan(percentile([], 50))


def test_percentile_does_not_depend_on_order():
    assert percentile([5, 1, 4, 2, 3], 50) == 3


def test_summary_per_turn_type_with_errors_and_throughput():
    samples = [Sample("faq", s / 1000, True) for s in (10, 20, 30, 40)]
    samples += [Sample("sjekkliste", 0.1, True), Sample("sjekkliste", 0.5, False, "HTTP 503")]
    faq, checklist, everything = summarise(samples, wall_seconds=2.0)
    assert (faq.kind, faq.requests, faq.errors, faq.throughput) == ("faq", 4, 0, 2.0)
    assert faq.p50 == pytest.approx(25) and faq.max == pytest.approx(40)
    assert checklist.errors == 1 and checklist.reasons == {"HTTP 503": 1}
    assert everything.kind == "alle" and everything.requests == 6 and everything.errors == 1
    assert everything.throughput == 3.0


def test_table_lists_every_type_in_plain_text_and_markdown():
    summaries = summarise([Sample("faq", 0.02, True), Sample("prosedyre", 0.03, True)], 1.0)
    plain = format_table(summaries, users=10)
    assert "p95 ms" in plain and "prosedyre" in plain and "alle" in plain
    markdown = format_table(summaries, users=10, markdown=True).splitlines()
    assert markdown[0].startswith("| brukere") and markdown[1].startswith("|---") and len(markdown) == 5


def test_only_this_machine_is_a_target():
    _require_local("http://127.0.0.1:5005")
    _require_local("http://localhost:5105")
    with pytest.raises(SystemExit):
        _require_local("http://10.0.0.5:5005")
