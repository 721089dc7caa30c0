#!/usr/bin/env bash
# make serve: the PRODUCTION profile (the demo is `make run`). See deploy/README.md.
#   scripts/serve.sh           both servers in the foreground (Ctrl-C stops both)
#   scripts/serve.sh rasa      only Rasa            (deploy/systemd/anskaffelseslosen-rasa.service)
#   scripts/serve.sh actions   only the action server (deploy/systemd/anskaffelseslosen-actions.service)
# Differences from `make run`:
# - Rasa and the action server listen on 127.0.0.1 only; nginx (deploy/nginx/) is the only way in;
# - only the widget channel (deploy/credentials.production.yml): no REST channel, no HTTP API (/model, …);
# - refuses to start without WEBCHAT_SECRET (at least 32 characters);
# - the conversation store comes from the environment: TRACKER_DB_HOST (+ TRACKER_DB_PORT, _NAME, _USER,
#   _PASSWORD; PGSSLMODE for TLS) for PostgreSQL, or TRACKER_DB_PATH for a SQLite file;
# - logs one line per record with its syslog priority and no colours or timestamps (journald adds those);
# - never installs or trains: the venv and the model must be in place (`make setup train` at deploy time).
# Ports: RASA_PORT (5005) and ACTIONS_PORT (5055). The model: ANSKAFFELSESLOSEN_MODEL (models/current.tar.gz).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
what="${1:-both}"

refuse() { printf 'Feil: %s\n' "$*" >&2; exit 2; }

case "$what" in both|rasa|actions) ;; *) refuse "Ukjent del «$what». Bruk: scripts/serve.sh [rasa|actions]";; esac

secret="${WEBCHAT_SECRET:-}"
if [ "${#secret}" -lt 32 ]; then
  refuse "WEBCHAT_SECRET mangler eller er for kort (minst 32 tegn). Produksjonsoppsettet starter ikke uten.
Lag en tilfeldig verdi med «openssl rand -hex 32» og sett den i miljøet (for systemd: i /etc/anskaffelseslosen/env)."
fi
[ -x "$RASA" ] || refuse "Fant ikke $RASA. Kjør 'make setup' i kodemappen først."

export ANSKAFFELSESLOSEN_ENV=production ANSKAFFELSESLOSEN_LOG_FORMAT=journald
export RASA_PORT="${RASA_PORT:-5005}" ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export SANIC_HOST=127.0.0.1 PYTHONUNBUFFERED=1 NO_COLOR=1
MODEL="${ANSKAFFELSESLOSEN_MODEL:-$MODEL}"

if [ -n "${TRACKER_DB_HOST:-}" ]; then
  ENDPOINTS=deploy/endpoints.postgresql.yml
  export TRACKER_DB_PORT="${TRACKER_DB_PORT:-5432}" TRACKER_DB_NAME="${TRACKER_DB_NAME:-anskaffelseslosen}"
  export TRACKER_DB_USER="${TRACKER_DB_USER:-rasa}" TRACKER_DB_PASSWORD="${TRACKER_DB_PASSWORD:-}"
  store="PostgreSQL $TRACKER_DB_HOST:$TRACKER_DB_PORT/$TRACKER_DB_NAME"
elif [ -n "${TRACKER_DB_PATH:-}" ]; then
  ENDPOINTS=deploy/endpoints.sqlite.yml
  case "$TRACKER_DB_PATH" in /*) ;; *) refuse "TRACKER_DB_PATH må være en absolutt sti (utenfor kodemappen).";; esac
  mkdir -p "$(dirname "$TRACKER_DB_PATH")"
  store="SQLite $TRACKER_DB_PATH"
else
  refuse "Samtalelageret er ikke satt. Sett TRACKER_DB_HOST (PostgreSQL, anbefalt) eller TRACKER_DB_PATH (en SQLite-fil)."
fi
# Rasa reads the widget's files relative to the code folder, and its caches must not go into it (read-only there).
export RASA_CACHE_DIRECTORY="${RASA_CACHE_DIRECTORY:-${CACHE_DIRECTORY:-/tmp/anskaffelseslosen-cache}}"
export MPLCONFIGDIR="${MPLCONFIGDIR:-$RASA_CACHE_DIRECTORY/matplotlib}"

run_actions() {
  exec "$PY" -m stores.patches run actions --actions actions --port "$ACTIONS_PORT"
}
run_rasa() {
  [ -f "$MODEL" ] || refuse "Fant ikke modellen $MODEL. Tren den med 'make train' før du starter."
  echo "<6>serve: Anskaffelseslosen (produksjon): Rasa på 127.0.0.1:$RASA_PORT, samtalelager $store." >&2
  # No --enable-api: the HTTP API (/model, /conversations/…) stays off. --interface: loopback only.
  exec "$PY" -m stores.patches run --model "$MODEL" --endpoints "$ENDPOINTS" \
    --credentials deploy/credentials.production.yml --interface 127.0.0.1 --port "$RASA_PORT"
}

case "$what" in
  rasa) run_rasa ;;
  actions) run_actions ;;
esac

# Both, for a trial on one machine: stop both when either ends or on Ctrl-C.
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT
( run_actions ) &
pids+=($!)
( run_rasa ) &
pids+=($!)
wait -n "${pids[@]}" || true
