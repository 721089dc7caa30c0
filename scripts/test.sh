#!/usr/bin/env bash
# make test: the whole suite, from the quick checks to those that need a trained model and servers. Stops at the first failing step.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

scripts/setup.sh requirements-dev.txt || exit 1
scripts/setup_browser.sh || exit 1

passed=0
run_step() { # name, command...
  local name="$1"; shift
  step "$name"
  local start=$(date +%s)
  if "$@"; then
    passed=$((passed + 1))
    echo "   ($name: $(( $(date +%s) - start )) s)"
  else
    echo
    echo "Steget «$name» feilet."
    echo "$passed passed, 1 failed"
    exit 1
  fi
}

run_step "Lint (ruff)" "$VENV/bin/ruff" check .
run_step "Enhetstester (advisor, insights, components, actions)" "$PY" -m pytest tests/unit -q
run_step "Validering av treningsdata og domene" "$RASA" data validate --quiet
run_step "Trening" scripts/train.sh
run_step "Samtaletester (tests/test_stories.yml)" scripts/story_test.sh
run_step "NLU-terskel på tests/nlu_test.yml" "$PY" scripts/nlu_gate.py
# Issue 20's target on the locked part is wrong ≤ 3 % and right ≥ 88 %; measured over REST 4.0 % / 93.2 % on 3 December
# (round 4, docs/benchmarks.md). Right is gated at the target; wrong, not yet met, at 5 % to stop regressions.
run_step "Svarer boten på spørsmålet? (tests/questions, låst del: feil ≤ 5 %, riktig ≥ 88 %)" "$PY" scripts/evaluate_answers.py --max-wrong 0.05 --min-right 0.88
run_step "Integrasjon og nettleser (ekte servere)" "$PY" -m pytest tests/integration -q -x

echo
echo "Alle stegene bestod."
echo "$passed passed, 0 failed"
