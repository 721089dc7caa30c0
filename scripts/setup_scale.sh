#!/usr/bin/env bash
# PostgreSQL and Redis from Debian's packages, for `make test-scale` (installed once, when missing).
# The packages' own services are not used: scripts/test_scale.sh starts private instances on 51xx ports.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
printf '\n\033[1m==> Installerer %s fra Debian-pakkene (for skaleringstesten) …\033[0m\n' "${need[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "   Installert: $(ls -d /usr/lib/postgresql/*/bin | head -1), $(redis-server --version | cut -d' ' -f1-3)"
