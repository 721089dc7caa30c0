#!/usr/bin/env bash
# make run: set up, train if needed, start the action server and Rasa, stop both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

scripts/setup.sh requirements.txt
scripts/train.sh
mkdir -p var

for port in 5005 5055; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "Port $port er allerede i bruk. Stopp det som kjører der (kanskje en tidligere 'make run') og prøv igjen."
  fi
done

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopper serverne …"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_for() { # url, name, seconds
  for _ in $(seq "$3"); do
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$1" 2>/dev/null; then return 0; fi
    sleep 1
  done
  fail "$2 startet ikke innen $3 s. Se meldingene over."
}

step "Starter action-serveren på http://127.0.0.1:5055 …"
"$RASA" run actions --actions actions --port 5055 &
pids+=($!)
wait_for http://127.0.0.1:5055/health "Action-serveren" 60

step "Starter Rasa på http://localhost:5005 (REST-kanal og chat-widget) …"
"$PY" -m stores.patches run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml --port 5005 &
pids+=($!)
wait_for http://127.0.0.1:5005/ "Rasa-serveren" 180

cat <<MSG

Anskaffelseslosen kjører.
  Demo-side med chat:  http://localhost:5005/webhooks/webchat/
  REST-API:            POST http://localhost:5005/webhooks/rest/webhook  {"sender": "a", "message": "hei"}
Trykk Ctrl-C for å stoppe.
MSG
wait -n "${pids[@]}" || true
