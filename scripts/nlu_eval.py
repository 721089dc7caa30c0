"""Evaluates a trained model's NLU on a held-out Rasa NLU file.

The label of a message is its intent, except for the FAQ retrieval intent, where it is the
full response key («faq/<topic>») chosen by the ResponseSelector: that is what decides the answer.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.metrics import f1_score

FALLBACK_INTENT = "nlu_fallback"


@dataclass
class Evaluation:
    total: int
    correct: int
    fallbacks: int
    macro_f1: float
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # text, expected, predicted

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, label) pairs from a Rasa NLU YAML file; entity annotations are stripped."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    examples = []
    for message in data.intent_examples:
        label = message.get("intent_response_key") or message.get("intent")
        examples.append((message.get("text"), label))
    return examples


def predicted_label(parse: dict) -> tuple[str, bool]:
    """The classifier's best label (ignoring the fallback) and whether the fallback fired."""
    fell_back = parse["intent"]["name"] == FALLBACK_INTENT
    ranking = [item for item in parse.get("intent_ranking", []) if item["name"] != FALLBACK_INTENT]
    intent = ranking[0]["name"] if ranking else parse["intent"]["name"]
    if intent == "faq":
        selected = parse.get("response_selector", {}).get("faq", {}).get("response", {})
        return selected.get("intent_response_key") or "faq", fell_back
    return intent, fell_back


def evaluate(model_path: Path, test_file: Path) -> Evaluation:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings

    configure_logging_and_warnings(logging.WARNING)

    agent = Agent.load(str(model_path))
    examples = load_examples(test_file)

    async def parse_all():
        return [await agent.parse_message(text) for text, _ in examples]

    parses = asyncio.run(parse_all())
    expected, predicted, errors, fallbacks = [], [], [], 0
    for (text, label), parse in zip(examples, parses, strict=False):
        label_predicted, fell_back = predicted_label(parse)
        fallbacks += fell_back
        expected.append(label)
        predicted.append(label_predicted)
        if label_predicted != label:
            errors.append((text, label, label_predicted))
    correct = sum(e == p for e, p in zip(expected, predicted, strict=False))
    macro_f1 = f1_score(expected, predicted, labels=sorted(set(expected)), average="macro", zero_division=0)
    return Evaluation(len(examples), correct, fallbacks, float(macro_f1), errors)
