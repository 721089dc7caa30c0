#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright's own browser downloads do not work here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
printf '\n\033[1m==> Installerer Chromium fra Debian-pakkene (for nettlesertestene) …\033[0m\n'
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "   Chromium installert: $(/usr/bin/chromium --version 2>/dev/null)"
