"""docs/security.md records the advisories of the installed set: its versions must be the installed ones."""

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

SECURITY = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def rows() -> list[list[str]]:
    table = SECURITY.read_text(encoding="utf-8").split("## Advisories", 1)[1]
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines()]
    return [row for row in cells if len(row) == 6 and row[0] not in ("Package", "---")]


def test_the_table_has_a_date_and_a_reason_and_a_fix_for_every_advisory():
    assert re.search(r"\*\*Recorded state: \d{4}-\d{2}-\d{2}\*\*", SECURITY.read_text(encoding="utf-8"))
    assert len(rows()) >= 15
    for package, _version, advisory, affects, reachable, fix in rows():
        assert advisory and affects and fix, package
        assert reachable.startswith(("No", "Yes", "Not in effect", "Fixed")), (package, reachable)


def test_the_recorded_versions_are_the_installed_ones():
    stale = []
    for package, recorded, *_ in rows():
        try:
            installed = version(package)
        except PackageNotFoundError:
            stale.append((package, recorded, "not installed"))
            continue
        if installed != recorded:
            stale.append((package, recorded, installed))
    assert not stale, f"update docs/security.md (package, recorded, installed): {stale}"
