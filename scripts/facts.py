"""make facts: every legal fact in knowledge/regelverk.yml with its value, dates, confidence and review state,
then every answer unit with the month its sources were checked.

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
    print(f"Fakta i knowledge/regelverk.yml per {day:%d.%m.%Y}: {len(rows)} versjoner, "
          f"{overdue} forfalt til kontroll.\n")
    for row in rows:
        until = f"–{row['gjelder_til']}" if row["gjelder_til"] else "–"
        print(f"[{row['status']}] {row['faktum']}: {row['verdi']}  (gjelder {row['gjelder_fra']}{until}; "
              f"kontrollert {row['kontrollert']}; {row['sikkerhet']})")
        print(f"    {row['beskrivelse']}. Kilde: {row['kilde']} – {row['lenke']}")
    units = answer_units_by_check()
    print(f"\nSvarenheter i knowledge/faq_topics.yml: {len(units)}, eldste kontroll først "
          "(juridiske merket §; tallene i dem er faktaene over):")
    for topic in units:
        mark = "§" if topic.legal else " "
        print(f"  {mark} {topic.key}: kontrollert {facts.checked_label(topic.checked)} – {topic.sources}")
    return 0


def answer_units_by_check() -> list:
    """The answer units with the month their own sources were checked, oldest first, legal ones first."""
    from advisor.topics import all_topics

    return sorted(all_topics().values(), key=lambda t: (t.checked, not t.legal, t.key))


if __name__ == "__main__":
    sys.exit(main())
