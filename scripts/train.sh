#!/usr/bin/env bash
# Trains a model when none exists or when training data, domain, config or NLU components changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

fingerprint() {
  find config.yml domain.yml data components advisor/text.py -type f \( -name '*.yml' -o -name '*.py' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32
}

# The answer check (advisor/answer_check_model.json) is fitted on the trained model's parses; refitted whenever
# the model, the questions in tests/questions, the staff phrasings, the everyday words or the questions no unit
# answers changed.
fit_answer_check() {
  local stamp
  stamp="$(cat models/.fingerprint) $(cat tests/questions/*.yml knowledge/phrasings/*.yml knowledge/answer_check/*.yml \
    knowledge/everyday_words/*.yml \
    | sha256sum | cut -c1-16)"
  if [ "$(cat models/.answer_check_fingerprint 2>/dev/null)" = "$stamp" ] && [ -f advisor/answer_check_model.json ]; then
    return 0
  fi
  step "Tilpasser svarkontrollen (advisor/answer_check_model.json) …"
  "$PY" scripts/fit_answer_check.py
  echo "$stamp" > models/.answer_check_fingerprint
}

current="$(fingerprint)"
if [ -f "$MODEL" ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$current" ]; then
  echo "Modellen er oppdatert (ingen endringer i treningsdata eller oppsett)."
  fit_answer_check
  exit 0
fi
step "Trener modellen (tar noen minutter på 2 kjerner; fremdriften vises under) …"
start=$(date +%s)
"$RASA" train --fixed-model-name current --out models --num-threads 2
echo "$current" > models/.fingerprint
echo "Trening tok $(( $(date +%s) - start )) s."
fit_answer_check
