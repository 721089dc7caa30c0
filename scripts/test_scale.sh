#!/usr/bin/env bash
# make test-scale: the documented production set-up on one machine, proven end to end.
#   PostgreSQL (tracker store) + Redis (lock store) from Debian's packages, private instances on
#   localhost; one action server; two Rasa replicas on different ports sharing both.
#   tests/scale/ then walks one conversation alternately on the two replicas, and more.
# Ports (override with the variables): PostgreSQL 5140, Redis 5141, actions 5160, Rasa 5110 and 5111.
# SCALE_MODEL=path uses that model instead of models/current.tar.gz (trained when missing/stale).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
start_time=$(date +%s)

scripts/setup.sh requirements-dev.txt
scripts/setup_scale.sh
if [ -z "${SCALE_MODEL:-}" ]; then scripts/train.sh; fi
export SCALE_MODEL="${SCALE_MODEL:-$PWD/$MODEL}"
export SCALE_PG_PORT="${SCALE_PG_PORT:-5140}" SCALE_REDIS_PORT="${SCALE_REDIS_PORT:-5141}"
export SCALE_ACTIONS_PORT="${SCALE_ACTIONS_PORT:-5160}"
export SCALE_RASA_PORTS="${SCALE_RASA_PORTS:-5110,5111}"

for port in "$SCALE_PG_PORT" "$SCALE_REDIS_PORT" "$SCALE_ACTIONS_PORT" ${SCALE_RASA_PORTS//,/ }; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "Port $port er allerede i bruk."; fi
done

export SCALE_DIR; SCALE_DIR="$(mktemp -d /tmp/anskaffelseslosen-scale.XXXXXX)"
chmod 755 "$SCALE_DIR"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
export SCALE_PG_BIN="$PG_BIN" SCALE_PGDATA="$SCALE_DIR/pgdata"
# PostgreSQL refuses to run as root: run it as the Debian package's «postgres» user then.
export SCALE_PG_AS=""
if [ "$(id -u)" -eq 0 ]; then SCALE_PG_AS="postgres"; chown postgres "$SCALE_DIR"; fi
as_pg() { if [ -n "$SCALE_PG_AS" ]; then runuser -u "$SCALE_PG_AS" -- "$@"; else "$@"; fi; }

cleanup() {
  step "Stopper PostgreSQL og Redis og rydder bort $SCALE_DIR"
  as_pg "$PG_BIN/pg_ctl" -D "$SCALE_PGDATA" stop -m fast >/dev/null 2>&1 || true
  if [ -f "$SCALE_DIR/redis.pid" ]; then
    redis_pid="$(cat "$SCALE_DIR/redis.pid")"
    kill "$redis_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$SCALE_DIR"
}
trap cleanup EXIT

step "Starter PostgreSQL på 127.0.0.1:$SCALE_PG_PORT og Redis på 127.0.0.1:$SCALE_REDIS_PORT"
as_pg "$PG_BIN/initdb" -D "$SCALE_PGDATA" -U rasa -A trust --locale=C.UTF-8 -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$SCALE_PGDATA" -l "$SCALE_DIR/postgres.log" -w \
  -o "-p $SCALE_PG_PORT -c listen_addresses=127.0.0.1 -k $SCALE_DIR" start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$SCALE_PG_PORT" -U rasa anskaffelseslosen
redis-server --port "$SCALE_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$SCALE_DIR/redis.pid" --logfile "$SCALE_DIR/redis.log" --dir "$SCALE_DIR"

step "Skaleringstest: to Rasa-replikaer mot PostgreSQL og Redis (tests/scale)"
status=0
"$PY" -m pytest tests/scale -q -p no:cacheprovider || status=$?
echo "   (test-scale: $(( $(date +%s) - start_time )) s)"
exit $status
