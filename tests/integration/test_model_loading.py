"""The trained model loaded with its weights built eagerly (stores/server_tuning.py) predicts exactly what Rasa's
own loading predicts: same intents, confidences, entities and answer-unit rankings."""

import asyncio
import inspect

from rasa.core.agent import Agent
from rasa.utils.tensorflow.models import RasaModel

from stores import server_tuning
from tests.integration.servers import MODEL

MESSAGES = [
    "hva er nedre grense for regelverket?",
    "kva er konkurransepreget dialog",
    "vi er en kommune og skal kjope tjenester for 3 mill",
    "kan vi snakke med leverandorer for konkurransen",
    "start sjekklisten",
    "xyzzy qwerty",
]


def predicts_with_graphs(agent: Agent) -> bool:
    """Prediction runs as a compiled graph (as with Rasa's loading), not eagerly: eager costs twice the time."""
    components = agent.processor.graph_runner._instantiated_nodes.values()
    models = [getattr(node._component, "model", None) for node in components]
    models = [model for model in models if model is not None and hasattr(model, "_run_eagerly")]
    return bool(models) and not any(model._run_eagerly for model in models)


def parses(agent: Agent) -> list[dict]:
    def essentials(parse: dict) -> dict:
        ranking = parse.get("response_selector", {}).get("faq", {}).get("ranking", [])
        return {
            "intent": (parse["intent"]["name"], round(parse["intent"]["confidence"], 4)),
            "entities": [(e["entity"], e["value"]) for e in parse["entities"]],
            "units": [(r["intent_response_key"], round(r["confidence"], 4)) for r in ranking[:5]],
        }

    return [essentials(asyncio.run(agent.parse_message(text))) for text in MESSAGES]


def test_eager_weight_building_predicts_as_rasas_own_loading(monkeypatch):
    rasa_load = server_tuning.RASA_ORIGINALS.get("RasaModel.load", inspect.getattr_static(RasaModel, "load"))
    monkeypatch.setattr(RasaModel, "load", rasa_load)
    expected = parses(Agent.load(str(MODEL)))
    monkeypatch.setattr(RasaModel, "load", classmethod(server_tuning.load_without_tracing(rasa_load.__func__)))
    assert RasaModel.load.builds_weights_eagerly
    tuned = Agent.load(str(MODEL))
    assert parses(tuned) == expected
    assert predicts_with_graphs(tuned)
