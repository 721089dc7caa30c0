#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright's own browser downloads do not work here),
# plus an emoji font so that 👍/👎 in the widget render in the screenshots under docs/.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/noto ] && ls /usr/share/fonts/truetype/noto/NotoColorEmoji* >/dev/null 2>&1; then
  exit 0
fi
printf '\n\033[1m==> Installerer Chromium og en emoji-skrift fra Debian-pakkene (for nettlesertestene) …\033[0m\n'
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "   Chromium installert: $(/usr/bin/chromium --version 2>/dev/null)"
# The font only improves the screenshots; the tests do not depend on it.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-color-emoji >/dev/null \
  || echo "   (Emoji-skriften kunne ikke installeres; skjermbildene viser da tomme ruter for 👍/👎.)"
