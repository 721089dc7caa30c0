#!/usr/bin/env bash
# make audit: pip-audit on the pinned requirements, as installed in .venv (the exact versions pip
# resolved from requirements.txt). pip-audit lives in its own small venv (.venv/audit) so that it
# cannot change Rasa's pins; it asks PyPI's vulnerability data (no other service).
# Exit code: 0 when nothing is found, 1 when pip-audit reports vulnerabilities (see README, «Sikkerhet»).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
scripts/setup.sh requirements.txt
AUDIT_VENV="$VENV/audit"
if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  step "Installerer pip-audit i $AUDIT_VENV …"
  "$PY" -m venv "$AUDIT_VENV"
  "$AUDIT_VENV/bin/python" -m pip install --quiet --progress-bar off "pip-audit>=2.7,<3"
fi
frozen="$(mktemp)"; trap 'rm -f "$frozen"' EXIT
# Runtime packages exactly as installed (no tools like pip itself, no editable installs).
"$PY" -m pip freeze --exclude-editable | grep -v '^-e ' > "$frozen"
step "pip-audit på $(wc -l < "$frozen") pakker fra requirements.txt (låste versjoner i .venv) …"
"$AUDIT_VENV/bin/pip-audit" --requirement "$frozen" --no-deps --disable-pip --vulnerability-service pypi \
  --progress-spinner off --desc off "$@"
