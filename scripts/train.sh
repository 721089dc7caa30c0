#!/usr/bin/env bash
# Trains a model when none exists or when training data, domain, config or NLU components changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

fingerprint() {
  find config.yml domain.yml data components advisor/text.py -type f \( -name '*.yml' -o -name '*.py' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32
}

current="$(fingerprint)"
if [ -f "$MODEL" ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$current" ]; then
  echo "Modellen er oppdatert (ingen endringer i treningsdata eller oppsett)."
  exit 0
fi
step "Trener modellen (tar noen minutter på 2 kjerner; fremdriften vises under) …"
start=$(date +%s)
"$RASA" train --fixed-model-name current --out models --num-threads 2
echo "$current" > models/.fingerprint
echo "Trening tok $(( $(date +%s) - start )) s."
