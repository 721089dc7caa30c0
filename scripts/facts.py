"""make facts: every legal fact in knowledge/regelverk.yml with its value, dates, confidence and review state.

Most urgent first: facts in force today that are past their review date, then unverified ones, then the rest.
Usage: scripts/facts.py [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor import facts  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="Faktaliste for innholdseieren, mest presserende først.")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="dato å vurdere mot (ÅÅÅÅ-MM-DD)")
    args = parser.parse_args()
    day = args.today or facts.today()
    rows = facts.review_rows(day)
    overdue = sum(row["status"].startswith("FORFALT") for row in rows)
    print(f"Fakta i knowledge/regelverk.yml per {day:%d.%m.%Y}: {len(rows)} versjoner, {overdue} forfalt til kontroll.\n")
    for row in rows:
        until = f"–{row['gjelder_til']}" if row["gjelder_til"] else "–"
        print(f"[{row['status']}] {row['faktum']}: {row['verdi']}  (gjelder {row['gjelder_fra']}{until}; "
              f"kontrollert {row['kontrollert']}; {row['sikkerhet']})")
        print(f"    {row['beskrivelse']}. Kilde: {row['kilde']} – {row['lenke']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
