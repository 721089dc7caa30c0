"""make evaluate: our Norwegian pipeline vs. Rasa's default pipeline on tests/nlu_test.yml.

Both are trained NLU-only on the same data/ with the same seeds; prints accuracy (FAQ: response
key), macro F1, fallback rate and training time side by side as a Markdown table.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nlu_eval import evaluate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "models" / "evaluate"
PIPELINES = {
    "Norwegian (config.yml)": ROOT / "config.yml",
    "Rasa default (WhitespaceTokenizer)": ROOT / "benchmarks" / "config_default_pipeline.yml",
}


def train_nlu(name: str, config: Path) -> tuple[Path, float]:
    print(f"Training NLU model «{name}» …", flush=True)
    start = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "train", "nlu", "--config", str(config), "--nlu", "data",
         "--out", str(OUT), "--fixed-model-name", config.stem, "--num-threads", "2"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return OUT / f"{config.stem}.tar.gz", time.perf_counter() - start


def main() -> None:
    rows = []
    for name, config in PIPELINES.items():
        model, seconds = train_nlu(name, config)
        result = evaluate(model, ROOT / "tests" / "nlu_test.yml")
        rows.append((name, result, seconds))
    print("\n| pipeline | accuracy | macro F1 | fallback rate | NLU training time |")
    print("|---|---|---|---|---|")
    for name, result, seconds in rows:
        print(
            f"| {name} | {result.accuracy:.1%} ({result.correct}/{result.total}) | {result.macro_f1:.3f} | "
            f"{result.fallbacks / result.total:.1%} | {seconds:.0f} s |"
        )


if __name__ == "__main__":
    main()
