#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned requirements (once; again when they change).
# Usage: scripts/setup.sh [requirements-file]   (default: requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
REQUIREMENTS="${1:-requirements.txt}"

python_version_ok() { "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' 2>/dev/null; }

find_python() {
  local candidates=()
  if command -v pyenv >/dev/null 2>&1 && [ -f .python-version ]; then
    candidates+=("$(pyenv prefix "$(cat .python-version)" 2>/dev/null)/bin/python")
  fi
  candidates+=("$(command -v python3.10 || true)")
  for dir in "$HOME"/.pyenv/versions/3.10*; do candidates+=("$dir/bin/python"); done
  for candidate in "${candidates[@]}"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && python_version_ok "$candidate"; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x "$PY" ] || ! python_version_ok "$PY"; then
  BASE_PYTHON="$(find_python)" || fail "Fant ikke Python 3.10. Rasa 3.6 krever Python 3.8–3.10.
Installer for eksempel med pyenv: 'pyenv install 3.10.13' (prosjektet har .python-version), og kjør kommandoen igjen."
  step "Lager .venv med $("$BASE_PYTHON" --version) ($BASE_PYTHON)"
  rm -rf "$VENV"
  "$BASE_PYTHON" -m venv "$VENV"
  "$PY" -m pip install --quiet --upgrade "pip<25"
fi

# constraints.txt keeps packages at or above the releases checked for advisories (docs/security.md).
hash="$(cat requirements*.txt constraints.txt | sha256sum | cut -c1-16)"
stamp="$VENV/.installed-$hash-$(basename "$REQUIREMENTS")"
# The development requirements include the runtime ones.
if [ ! -f "$stamp" ] && [ ! -f "$VENV/.installed-$hash-requirements-dev.txt" ]; then
  step "Installerer pakker fra $REQUIREMENTS (første gang tar det et par minutter, ca. 180 pakker) …"
  start=$(date +%s)
  "$PY" -m pip install --progress-bar off -r "$REQUIREMENTS" -c constraints.txt 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2) \
    | grep --line-buffered -E '^(Collecting|Successfully installed)' \
    | awk '/^Collecting/ {n++; if (n % 20 == 0) {printf "   … %d pakker sjekket\n", n; fflush()}} /^Successfully/ {print "   Ferdig installert."}' \
    || true
  "$PY" -c "import rasa, rasa_sdk, snowballstemmer, spacy" 2>/dev/null || fail "Installasjonen feilet. Kjør '$PY -m pip install -r $REQUIREMENTS' for å se feilen."
  echo "   Installasjon tok $(( $(date +%s) - start )) s."
  touch "$stamp"
fi
