#!/usr/bin/env bash
# make test-deploy: the deployed shape on this machine, checked end to end over HTTPS.
#   Debian's nginx (installed when missing) with deploy/nginx/anskaffelseslosen.conf and a self-signed certificate
#   (deploy/make-self-signed-cert.sh) in front of the production profile (scripts/serve.sh: Rasa and the action
#   server on 127.0.0.1, widget channel only, SQLite store in a temporary folder). tests/deploy/ then checks the
#   widget in Chromium (with axe), the rate limit (429) per client address, the body cap (413), that the REST
#   channel, the HTTP API and the action server cannot be reached, forged sessions, a start without
#   WEBCHAT_SECRET, and with `ss` that nothing but nginx listens beyond loopback.
#   A second Rasa in the production profile runs against a private PostgreSQL (installed when missing) and the
#   backup example dumps it.
# Ports (override with the variables): nginx 8443 (HTTPS) and 8480 (HTTP), Rasa 5205, actions 5255,
# PostgreSQL 5240 and its Rasa 5207.
# DEPLOY_MODEL=path uses that model instead of models/current.tar.gz (trained when missing or stale).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
start_time=$(date +%s)

scripts/setup.sh requirements-dev.txt
scripts/setup_browser.sh
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  step "Installerer nginx fra Debian-pakkene (for testen av produksjonsoppsettet) …"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # The package's own service is not used (in a container it is not started): the test starts a private nginx.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null
  echo "   Installert: $(/usr/sbin/nginx -v 2>&1)"
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "Installerer PostgreSQL fra Debian-pakkene (produksjonens samtalelager; testen starter sin egen) …"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
export DEPLOY_NGINX="${DEPLOY_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [ -z "${DEPLOY_MODEL:-}" ]; then scripts/train.sh; fi
export DEPLOY_HTTPS_PORT="${DEPLOY_HTTPS_PORT:-8443}" DEPLOY_HTTP_PORT="${DEPLOY_HTTP_PORT:-8480}"
export DEPLOY_RASA_PORT="${DEPLOY_RASA_PORT:-5205}" DEPLOY_ACTIONS_PORT="${DEPLOY_ACTIONS_PORT:-5255}"
export DEPLOY_PG_PORT="${DEPLOY_PG_PORT:-5240}" DEPLOY_PG_RASA_PORT="${DEPLOY_PG_RASA_PORT:-5207}"
for port in "$DEPLOY_HTTPS_PORT" "$DEPLOY_HTTP_PORT" "$DEPLOY_RASA_PORT" "$DEPLOY_ACTIONS_PORT" "$DEPLOY_PG_PORT" \
    "$DEPLOY_PG_RASA_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "Port $port er allerede i bruk."; fi
done

export DEPLOY_DIR; DEPLOY_DIR="$(mktemp -d /tmp/anskaffelseslosen-deploy.XXXXXX)"
chmod 755 "$DEPLOY_DIR"
trap 'rm -rf "$DEPLOY_DIR"' EXIT
deploy/make-self-signed-cert.sh "$DEPLOY_DIR/tls" localhost 2 >/dev/null

step "Produksjonsoppsettet bak nginx over HTTPS (tests/deploy)"
status=0
"$PY" -m pytest tests/deploy -q -p no:cacheprovider "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "Loggene (Rasa, action-server, nginx) lå i $DEPLOY_DIR; siste linjer fra Rasa:"
  tail -n 30 "$DEPLOY_DIR/rasa.log" 2>/dev/null || true
fi
echo "   (test-deploy: $(( $(date +%s) - start_time )) s)"
exit $status
