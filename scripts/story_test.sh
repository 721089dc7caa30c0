#!/usr/bin/env bash
# End-to-end conversation tests; any wrong prediction fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
rm -rf results/stories
# Through the patches' install point (stores/patches.py), so the stories test the Rasa that production runs.
"$PY" -m stores.patches test core --model "$MODEL" --stories tests/test_stories.yml \
  --e2e --fail-on-prediction-errors --out results/stories --no-plot
