#!/usr/bin/env bash
# make audit: pip-audit on the pinned requirements, as installed in .venv (the exact versions pip
# resolved from requirements.txt). pip-audit lives in its own small venv (.venv/audit) so that it
# cannot change Rasa's pins; it asks PyPI's vulnerability data (no other service).
# Exit code: 0 nothing found, 1 vulnerabilities found, 2 the audit could not be done (no data).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
scripts/setup.sh requirements.txt
AUDIT_VENV="$VENV/audit"
if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  step "Installerer pip-audit i $AUDIT_VENV …"
  "$PY" -m venv "$AUDIT_VENV"
  "$AUDIT_VENV/bin/python" -m pip install --quiet --progress-bar off "pip-audit>=2.7,<3" 2>&1 \
    | grep -v "is ignored: it is neither a file nor a directory" || true
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
  grep "could not be audited" "$report" | head -3 | sed 's/^/   /'
fi
if [ "$skipped" -ge "$total" ]; then
  echo "Revisjonen ble IKKE gjennomført: ingen pakker kunne sjekkes. pip-audit trenger PyPIs JSON-API per versjon"
  echo "(https://pypi.org/pypi/<pakke>/<versjon>/json). Kjør 'make audit' på en maskin med full tilgang til PyPI."
  exit 2
fi
exit "$status"
