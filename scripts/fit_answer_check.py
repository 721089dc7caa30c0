"""Fit the answer check (advisor/answer_check.py) and write advisor/answer_check_model.json.

1. Parses, with the trained model loaded in two worker processes (no servers), the questions in
   tests/questions/*.yml and the FAQ training examples; parses are cached in .cache/answer_check_parses.json per
   model file.
2. Builds one row of features per (question, candidate unit), labelled 1 when the unit answers the question.
   Rows come from the TUNING part of tests/questions (advisor.answer_check.split_of) and from the training
   examples (positive: example → its own unit; negative: example → the other candidates; every candidate of an
   out_of_scope example). The LOCKED part is only parsed, for the report.
3. Fits a logistic regression, calibrates it with Platt scaling on out-of-fold scores, and chooses the operating
   threshold: the lowest probability at which «wrong» is at most a target on the tuning part, where each
   question is routed as the assistant routes it (intent → flow; faq and nlu_fallback → the answer check). The
   target is the largest share whose nested estimate (threshold chosen on four fifths, wrong counted on the
   fifth left out) stays at most --max-wrong.
4. Prints right / honest unknown / wrong on both parts; --report writes the precision/recall table to
   docs/answer-check.md.

Usage: scripts/fit_answer_check.py [--model models/current.tar.gz] [--report] [--max-wrong 0.03]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from advisor import answer_check  # noqa: E402
from advisor.answer_check import FEATURES, LOCKED, TUNING, describe, split_of  # noqa: E402

CACHE = ROOT / ".cache" / "answer_check_parses.json"
QUESTIONS_DIR = ROOT / "tests" / "questions"
# Intents whose turn goes to the answer check; the others start a flow (labels as in tests/questions).
CHECKED_INTENTS = ("faq", "nlu_fallback", "ask_threshold", "inform")
FLOW_LABELS = {"choose_procedure": "prosedyrevalg", "start_checklist": "sjekkliste",
               "restart_checklist": "sjekkliste"}
# The answer decision's kinds in the labels of tests/questions (a FAQ answer is labelled by its unit).
DECISION_LABELS = {"threshold": "terskel", "procedure_chooser": "prosedyrevalg", "unknown": "unknown"}
EXAMPLE_WEIGHT = 0.1  # a training example counts less than a realistic question (the model has seen it);
# 0.1 gave the most right answers out-of-fold on the tuning part (0.1: 82.8 %, 0.3: 81.8 %, 1.0: 81.1 % at wrong ≤ 3 %)
# a question no unit answers (knowledge/answer_check/not_covered.yml). With 242 of them, 0.2 of 0.2/0.5/1.0 gave the
# most right answers out-of-fold on the tuning part; with 542, 0.05 of 0.05/0.1/0.2 (right 91.5 %, honest unknown
# 81.8 %, wrong 2.7 %; 0.2: 90.9 / 79.5 / 2.9 %).
NEGATIVE_WEIGHT = 0.05
LOGISTIC_C = 0.3  # inverse regularisation strength; 0.3 of 1.0/0.3/0.1 on the tuning part (out-of-fold, 2026-12-03)


# --- questions -------------------------------------------------------------------------------------------------

def load_questions(folder: Path = QUESTIONS_DIR) -> list[dict]:
    """Every item of tests/questions/*.yml: {"turns": [...], "expect": [...], "split": tuning|locked}."""
    import yaml
    items = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        raw = [([q["text"]], q["expect"]) for q in data.get("questions") or []]
        raw += [(list(c["turns"]), c["expect"]) for c in data.get("conversations") or []]
        for turns, expect in raw:
            expect = expect if isinstance(expect, list) else [expect]
            items.append({"turns": turns, "expect": expect, "file": path.name,
                          "split": split_of(turns if len(turns) > 1 else turns[0])})
    return items


# --- parsing with the model in this process ----------------------------------------------------------------------

def model_signature(model: Path) -> str:
    stat = model.stat()
    return hashlib.sha256(f"{model.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]


def _summary(parse: dict) -> dict:
    from advisor.topics import topic_key_from_response_key
    intent = parse.get("intent") or {}
    selection = (parse.get("response_selector") or {}).get("faq") or {}
    ranking = [(topic_key_from_response_key(item.get("intent_response_key")), float(item.get("confidence") or 0))
               for item in selection.get("ranking") or []]
    return {"intent": intent.get("name"), "confidence": float(intent.get("confidence") or 0.0),
            "ranking": [[key, conf] for key, conf in ranking if key][:10],
            "entities": sorted({e.get("entity") for e in parse.get("entities") or []})}


# Parsing runs in this many processes, each with its own copy of the model: one parse is mostly single-threaded
# Python and TensorFlow dispatch, so two processes on the two cores halve the refit's longest step.
PARSE_WORKERS = 2


def _load_agent(model: str):
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    from stores import server_tuning
    server_tuning.install(None)  # builds the weights eagerly: same predictions, faster loading
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    return Agent.load(model)


def _parse_chunk(model: str, texts: list[str]) -> dict[str, dict]:
    """Parses `texts` with the model loaded in this (worker) process."""
    agent = _load_agent(model)
    parsed: dict[str, dict] = {}

    async def run() -> None:
        for number, text in enumerate(texts, 1):
            parsed[text] = _summary(await agent.parse_message(text))
            if number % 500 == 0:
                print(f"   … {number} av {len(texts)} tolket i én prosess", flush=True)

    asyncio.run(run())
    return parsed


class Parser:
    """Parses with the trained model (no servers); parses are cached per model file."""

    def __init__(self, model: Path) -> None:
        self.model = model
        self.signature = model_signature(model)
        self.cache: dict[str, dict] = {}
        if CACHE.exists():
            stored = json.loads(CACHE.read_text(encoding="utf-8"))
            if stored.get("model") == self.signature:
                self.cache = stored["parses"]

    def parse_all(self, texts: list[str]) -> dict[str, dict]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            started = time.perf_counter()
            workers = min(PARSE_WORKERS, len(missing))
            chunks = [missing[number::workers] for number in range(workers)]
            # spawn: each worker loads TensorFlow and the model fresh, not a forked copy of this process
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                for parsed in pool.map(_parse_chunk, [str(self.model)] * workers, chunks):
                    self.cache.update(parsed)
            print(f"   {len(missing)} tekster tolket på {time.perf_counter() - started:.0f} s i {workers} prosesser "
                  f"(med lasting av modellen)", flush=True)
            CACHE.parent.mkdir(exist_ok=True)
            CACHE.write_text(json.dumps({"model": self.signature, "parses": self.cache}, ensure_ascii=False),
                             encoding="utf-8")
        return {t: self.cache[t] for t in texts}


# --- routing as the assistant routes a single turn ---------------------------------------------------------------

def route(text: str, parse: dict, choice_key: str | None) -> str:
    """The label the assistant's answer gets for a single question: a flow, a unit, «unknown» or «annet».

    The rules send these intents to the answering actions, which call advisor.answer_decision.decide (the one
    answer decision); the answer check's verdict (`choice_key`) is passed in, so candidate thresholds can be tried."""
    from advisor.answer_choice import AnswerChoice
    from advisor.answer_decision import Question, decide

    intent = parse["intent"]
    if intent in FLOW_LABELS:
        return FLOW_LABELS[intent]
    if intent == "out_of_scope":  # utter_out_of_scope records an honest unknown
        return "unknown"
    if intent not in CHECKED_INTENTS:
        return "annet"
    question = Question(text=text, selector_ranking=[tuple(pair) for pair in parse["ranking"]], intent=intent,
                        intent_confidence=parse["confidence"])
    answer = decide(question, choose=lambda *_args, **_kwargs: AnswerChoice(choice_key, []))
    return DECISION_LABELS.get(answer.kind) or str(answer.topic)


def outcome(expect: list[str], label: str) -> str:
    if label == "unknown":
        return "unknown"
    return "right" if label in expect else "wrong"


# --- rows --------------------------------------------------------------------------------------------------------

def question_rows(text: str, parse: dict, leave_out: bool = False,
                  text_scores: dict[str, float] | None = None) -> tuple[list[str], list[list[float]]]:
    q = describe(text, [tuple(pair) for pair in parse["ranking"]], parse["intent"], parse["confidence"],
                 leave_out=leave_out, text_scores=text_scores)
    return answer_check.rows(q)


def build_rows(items: list[dict], parses: dict[str, dict]) -> list[dict]:
    rows = []
    for number, item in enumerate(items):
        text = item["turns"][-1]
        keys, matrix = question_rows(text, parses[text])
        for key, row in zip(keys, matrix, strict=True):
            rows.append({"group": number, "key": key, "x": row, "y": int(key in item["expect"])})
    return rows


@lru_cache(maxsize=1)
def _held_out_text_scores() -> dict[str, dict[str, float]]:
    """The text classifier's scores for each of its own examples, from the fold without it (computed once)."""
    from advisor.text_classifier import labelled_examples, out_of_fold_scores
    pairs = labelled_examples()
    return dict(zip((text for text, _ in pairs), out_of_fold_scores(pairs), strict=True))


def example_rows(examples: list[tuple[str, str | None]], parses: dict[str, dict], start_group: int) -> list[dict]:
    """Rows for the training examples; the text classifier's scores for them come from folds without them."""
    held_out = _held_out_text_scores()
    rows = []
    for number, (text, unit) in enumerate(examples):
        keys, matrix = question_rows(text, parses[text], leave_out=True, text_scores=held_out.get(text))
        for key, row in zip(keys, matrix, strict=True):
            rows.append({"group": start_group + number, "key": key, "x": row, "y": int(key == unit)})
    return rows


def training_examples() -> list[tuple[str, str | None]]:
    """(example, its unit) for every FAQ example; (example, None) for the out_of_scope examples."""
    from advisor.faq_content import faq_content
    from advisor.text_classifier import out_of_scope_examples
    pairs = [(text, key) for key, texts in faq_content().examples.items() for text in texts]
    return pairs + [(text, None) for text in out_of_scope_examples()]


def negative_questions() -> list[tuple[str, None]]:
    """(question, None) for the questions no unit answers (knowledge/answer_check/not_covered.yml)."""
    from advisor.text_classifier import not_covered_questions
    return [(text, None) for text in not_covered_questions()]


# --- fitting -----------------------------------------------------------------------------------------------------

def fit(rows: list[dict], weights: np.ndarray) -> tuple[dict, np.ndarray]:
    """The fitted weights, and each row's calibrated out-of-fold probability (from a model that did not see the
    row's question), on which the threshold is chosen."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    x = np.asarray([r["x"] for r in rows], dtype=float)
    y = np.asarray([r["y"] for r in rows])
    groups = np.asarray([r["group"] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = answer_check.standardise(x, mean, scale)
    out_of_fold = np.zeros(len(rows))
    for train, test in GroupKFold(n_splits=5).split(z, y, groups):
        model = LogisticRegression(C=LOGISTIC_C, max_iter=2000).fit(z[train], y[train], sample_weight=weights[train])
        out_of_fold[test] = model.decision_function(z[test])
    platt = LogisticRegression(C=1e6, max_iter=2000).fit(out_of_fold.reshape(-1, 1), y, sample_weight=weights)
    model = LogisticRegression(C=LOGISTIC_C, max_iter=2000).fit(z, y, sample_weight=weights)
    fitted = {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
              "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]),
              "platt_a": float(platt.coef_[0][0]), "platt_b": float(platt.intercept_[0])}
    return fitted, platt.predict_proba(out_of_fold.reshape(-1, 1))[:, 1]


def scored_out_of_fold(items: list[dict], parses: dict[str, dict], rows: list[dict],
                       probabilities: np.ndarray) -> list[tuple]:
    """Like `scored`, with the out-of-fold probabilities of the rows of the first len(items) groups."""
    best: dict[int, tuple[str, float]] = {}
    for row, p in zip(rows, probabilities, strict=False):
        if row["group"] < len(items) and p > best.get(row["group"], ("", -1.0))[1]:
            best[row["group"]] = (row["key"], float(p))
    return [(parses[item["turns"][-1]], *best.get(number, (None, 0.0))) for number, item in enumerate(items)]


def scored(items: list[dict], parses: dict[str, dict], check: answer_check.FittedCheck) -> list[tuple]:
    """Per single question: (its parse, the most probable candidate, its probability)."""
    result = []
    for item in items:
        text = item["turns"][-1]
        keys, matrix = question_rows(text, parses[text])
        if keys:
            probabilities = check.probability(matrix)
            best = int(np.argmax(probabilities))
            result.append((parses[text], keys[best], float(probabilities[best])))
        else:
            result.append((parses[text], None, 0.0))
    return result


def decide(items: list[dict], best: list[tuple], threshold: float) -> list[str]:
    """The outcome (right / unknown / wrong) of each single question at `threshold`."""
    return [outcome(item["expect"], _routed(item["turns"][-1], parse, key if key and p >= threshold else None))
            for item, (parse, key, p) in zip(items, best, strict=True)]


_ROUTES: dict[tuple[str, str | None], str] = {}


def _routed(text: str, parse: dict, choice_key: str | None) -> str:
    """`route`, remembered: the threshold search asks the same (question, verdict) pairs many times (within one
    run a text has one parse)."""
    memo_key = (text, choice_key)
    if memo_key not in _ROUTES:
        _ROUTES[memo_key] = route(text, parse, choice_key)
    return _ROUTES[memo_key]


def table(results: list[str], items: list[dict]) -> dict:
    count = Counter(results)
    answerable = [r for r, item in zip(results, items, strict=True) if "unknown" not in item["expect"]]
    unanswerable = [r for r, item in zip(results, items, strict=True) if "unknown" in item["expect"]]
    n = max(len(results), 1)
    return {"n": len(results), "right": count["right"], "unknown": count["unknown"], "wrong": count["wrong"],
            "wrong_share": count["wrong"] / n,
            "right_of_answerable": answerable.count("right") / max(len(answerable), 1),
            "unknown_of_unanswerable": unanswerable.count("unknown") / max(len(unanswerable), 1)}


def choose_threshold(items: list[dict], best: list[tuple], max_wrong: float) -> float:
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    for threshold in grid:
        if table(decide(items, best, threshold), items)["wrong_share"] <= max_wrong:
            return float(threshold)
    return float(grid[-1])


def choose_target(items: list[dict], best: list[tuple], max_wrong: float) -> float:
    """The wrong share to aim for on the tuning part, so that wrong stays at most `max_wrong` on questions the
    threshold was not chosen on. A threshold chosen where wrong just reaches `max_wrong` on some questions gives
    more wrong answers on others (the edge is picked where the sample happened to be kind). So each candidate target
    is tried nested: the threshold is chosen on four fifths of the tuning part and applied to the fifth left out,
    over three shufflings; the largest target whose held-out wrong share is at most `max_wrong` is used."""
    from sklearn.model_selection import KFold

    for target in np.round(np.arange(max_wrong, 0.0, -0.005), 3):
        shares = []
        for seed in range(3):
            results: list[str | None] = [None] * len(items)
            for train, test in KFold(n_splits=5, shuffle=True, random_state=seed).split(items):
                threshold = choose_threshold([items[i] for i in train], [best[i] for i in train], float(target))
                for i, result in zip(test, decide([items[i] for i in test], [best[i] for i in test], threshold),
                                     strict=True):
                    results[i] = result
            shares.append(table(results, items)["wrong_share"])
        if float(np.mean(shares)) <= max_wrong:
            return float(target)
    return 0.005


def precision_recall(items: list[dict], best: list[tuple]) -> list[tuple]:
    lines = []
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        t = table(decide(items, best, threshold), items)
        shown = t["right"] + t["wrong"]
        lines.append((threshold, t["right"] / shown if shown else 1.0, t["right_of_answerable"], t["wrong_share"]))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--max-wrong", type=float, default=0.03)
    parser.add_argument("--report", action="store_true", help="skriv docs/answer-check.md")
    parser.add_argument("--out", type=Path, default=answer_check.MODEL_PATH)
    parser.add_argument("--tuning-only", action="store_true",
                        help="for trying features: print only the tuning part's out-of-fold figures, not the locked")
    args = parser.parse_args()
    started = time.perf_counter()
    items = [item for item in load_questions() if len(item["turns"]) == 1]
    tuning = [item for item in items if item["split"] == TUNING]
    locked = [item for item in items if item["split"] == LOCKED]
    examples = training_examples()
    negatives = negative_questions()
    print(f"{len(tuning)} spørsmål i tuningdelen, {len(locked)} i den låste delen, {len(examples)} treningseksempler, "
          f"{len(negatives)} spørsmål uten enhet")
    parses = Parser(args.model).parse_all([item["turns"][-1] for item in items]
                                          + [text for text, _ in examples + negatives])
    fit_started = time.perf_counter()
    rows = build_rows(tuning, parses)
    question_count = len(rows)
    rows += example_rows(examples, parses, start_group=len(tuning))
    example_count = len(rows)
    rows += example_rows(negatives, parses, start_group=len(tuning) + len(examples))
    weights = np.asarray([1.0] * question_count + [EXAMPLE_WEIGHT] * (example_count - question_count)
                         + [NEGATIVE_WEIGHT] * (len(rows) - example_count))
    fitted, out_of_fold = fit(rows, weights)
    # The threshold is chosen on out-of-fold probabilities: in-sample ones would be too sure of the tuning part.
    tuning_out_of_fold = scored_out_of_fold(tuning, parses, rows, out_of_fold)
    target = choose_target(tuning, tuning_out_of_fold, args.max_wrong)
    threshold = choose_threshold(tuning, tuning_out_of_fold, target)
    t = table(decide(tuning, tuning_out_of_fold, threshold), tuning)
    print(f"  mål for feil på tuningdelen {target:.1%} (nøstet: høyst {args.max_wrong:.0%} på spørsmål terskelen "
          f"ikke ble valgt på)")
    print(f"  tuning, out-of-fold, terskel {threshold:.2f}: riktig av besvarbare {t['right_of_answerable']:.1%}, "
          f"ukjent av ubesvarbare {t['unknown_of_unanswerable']:.1%}, feil {t['wrong_share']:.1%}")
    if args.tuning_only:
        return 0
    fitted["threshold"] = threshold
    fitted["fitted_on"] = {"tuning_questions": len(tuning), "training_examples": len(examples),
                           "questions_without_unit": len(negatives),
                           "max_wrong": args.max_wrong, "target_wrong": target,
                           "locked_share": answer_check.LOCKED_SHARE}
    args.out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    check = answer_check.FittedCheck.from_json(fitted)
    print(f"Tilpasset på {time.perf_counter() - fit_started:.1f} s (totalt {time.perf_counter() - started:.0f} s); "
          f"terskel {threshold:.2f}; skrevet til {args.out}")
    best = {TUNING: scored(tuning, parses, check), LOCKED: scored(locked, parses, check)}
    for name, part, key in (("tuning", tuning, TUNING), ("låst", locked, LOCKED)):
        t = table(decide(part, best[key], threshold), part)
        print(f"  {name:7s} n={t['n']:3d}  riktig {t['right']:3d}  ærlig ukjent {t['unknown']:3d}  feil {t['wrong']:3d}"
              f"  | riktig av besvarbare {t['right_of_answerable']:.1%}, ukjent av ubesvarbare "
              f"{t['unknown_of_unanswerable']:.1%}, feil {t['wrong_share']:.1%}")
    if args.report:
        write_report(tuning, locked, best, threshold)
    return 0


def write_report(tuning: list[dict], locked: list[dict], best: dict[str, list[tuple]], threshold: float) -> None:
    lines = ["# The answer check: precision and recall", "",
             "Written by `scripts/fit_answer_check.py --report` (single questions of tests/questions/*.yml, routed "
             "as the assistant routes them, parsed in-process with the trained model). Precision: right among the "
             "answers shown. Recall: right among the answerable questions. The threshold was chosen on the tuning "
             "part only (the lowest probability where wrong is at most the target on out-of-fold probabilities; the "
             "target is the largest share that keeps wrong ≤ 3 % on questions the threshold was not chosen on, "
             "nested); the locked part "
             "was never used for fitting. The rows below use the shipped model (in-sample for the tuning part).",
             "", f"Operating threshold: **{threshold:.2f}**.", ""]
    for name, part, key in (("Tuning part", tuning, TUNING), ("Locked part", locked, LOCKED)):
        lines += [f"## {name} ({len(part)} questions)", "", "| threshold | precision | recall | wrong (all) |",
                  "|---|---|---|---|"]
        lines += [f"| {t:.1f} | {p:.1%} | {r:.1%} | {w:.1%} |" for t, p, r, w in precision_recall(part, best[key])]
        lines.append("")
    (ROOT / "docs" / "answer-check.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
