#!/usr/bin/env bash
# make audit: pip-audit on the pinned requirements, as installed in .venv (the exact versions pip
# resolved from requirements.txt). pip-audit lives in its own small venv (.venv/audit) so that it
# cannot change Rasa's pins; it asks PyPI's vulnerability data (no other service).
# Exit code: 0 nothing found, 1 vulnerabilities found, 2 the audit could not be done (no data): then it prints the
# recorded table of known advisories from docs/security.md with its date instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
scripts/setup.sh requirements.txt
AUDIT_VENV="$VENV/audit"
# The recorded state (docs/security.md): shown whenever the online lookup cannot be done, so that the audit never
# reads as «no vulnerabilities» just because no data could be fetched.
recorded_state() {
  echo
  echo "Registrert tilstand fra docs/security.md (lest for hånd fra offentlige sårbarhetsdatabaser):"
  "$PY" - docs/security.md <<'PY'
import re
import sys
import textwrap

text = open(sys.argv[1], encoding="utf-8").read()
date = re.search(r"\*\*Recorded state: ([0-9-]+)\*\*", text)
print(f"  Dato: {date.group(1) if date else 'ukjent'}  (kunngjøringer: pakke, versjon, id; «Reachable» = kan det utløses i produksjonsoppsettet)")
table = text.split("## Advisories", 1)[1]
for line in table.splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 6 or cells[0] in ("Package", "---"):
        continue
    package, version, advisory, _affects, reachable, fix = cells
    print(f"  - {package} {version}: {advisory}")
    for label, value in (("Reachable", reachable), ("Fix", fix)):
        print(textwrap.fill(f"{label}: {value}", width=110, initial_indent="      ", subsequent_indent="        "))
PY
  echo "  Hele tabellen med begrunnelser: docs/security.md"
}

if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  step "Installerer pip-audit i $AUDIT_VENV …"
  "$PY" -m venv "$AUDIT_VENV"
  "$AUDIT_VENV/bin/python" -m pip install --quiet --progress-bar off "pip-audit>=2.7,<3" 2>&1 \
    | grep -v "is ignored: it is neither a file nor a directory" || true
fi
if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  echo "Revisjonen ble IKKE gjennomført: pip-audit kunne ikke installeres (ingen tilgang til PyPI?)."
  recorded_state
  exit 2
fi
frozen="$(mktemp)"; report="$(mktemp)"; trap 'rm -f "$frozen" "$report"' EXIT
# Runtime packages exactly as installed (no editable installs).
"$PY" -m pip freeze --exclude-editable | grep -v '^-e ' > "$frozen"
total=$(wc -l < "$frozen")
step "pip-audit på $total pakker fra requirements.txt (låste versjoner i .venv) …"
status=0
"$AUDIT_VENV/bin/pip-audit" --requirement "$frozen" --no-deps --disable-pip --vulnerability-service pypi \
  --progress-spinner off --desc off "$@" >"$report" 2>&1 || status=$?
skipped=$(grep -c "could not be audited" "$report" || true)
# «No known vulnerabilities found» means nothing when no package could be checked.
hide="^$"; [ "$skipped" -ge "$total" ] && hide="No known vulnerabilities found"
grep -v -e "could not be audited" -e "^WARNING:pip_audit" -e '^Name  *Skip Reason' -e '^-----' -e "$hide" "$report" || true
if [ "$skipped" -gt 0 ]; then
  echo
  echo "Advarsel: $skipped av $total pakker kunne ikke sjekkes (PyPI ga ingen sårbarhetsdata for versjonen), f.eks.:"
  grep -m 3 "could not be audited" "$report" | sed 's/^/   /'
fi
if [ "$skipped" -ge "$total" ] || grep -q -e "ConnectionError" -e "Max retries exceeded" "$report"; then
  echo "Revisjonen ble IKKE gjennomført: ingen pakker kunne sjekkes. pip-audit trenger PyPIs JSON-API per versjon"
  echo "(https://pypi.org/pypi/<pakke>/<versjon>/json). Kjør 'make audit' på en maskin med full tilgang til PyPI."
  recorded_state
  exit 2
fi
if [ "$status" -ne 0 ]; then
  echo
  echo "Sammenlign med de registrerte funnene og begrunnelsene i docs/security.md, og oppdater tabellen der."
fi
exit "$status"
