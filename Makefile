# Anskaffelseslosen – the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run test setup setup-dev train lint unit validate story-test nlu-gate integration browser evaluate benchmark clean

help:
	@echo "make run        – sett opp, tren ved behov og start boten (demo-side og REST-API)"
	@echo "make test       – hele testsuiten (lint, enhetstester, validering, trening, historier, NLU, integrasjon)"
	@echo "make evaluate   – vår NLU-pipeline mot Rasas standardpipeline på testsettet"
	@echo "make benchmark  – måler installasjon, trening, oppstart, minne og svartid"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

setup:
	@scripts/setup.sh requirements.txt

setup-dev:
	@scripts/setup.sh requirements-dev.txt

train: setup
	@scripts/train.sh

lint: setup-dev
	@.venv/bin/ruff check .

unit: setup-dev
	@source scripts/common.sh && $$PY -m pytest tests/unit -q

validate: setup
	@source scripts/common.sh && $$RASA data validate --quiet

story-test: train
	@scripts/story_test.sh

nlu-gate: train
	@source scripts/common.sh && $$PY scripts/nlu_gate.py

integration: setup-dev train
	@source scripts/common.sh && $$PY -m pytest tests/integration -q -x

evaluate: setup-dev
	@source scripts/common.sh && $$PY scripts/evaluate.py

benchmark: setup-dev train
	@source scripts/common.sh && $$PY scripts/benchmark.py

clean:
	rm -rf models results reports .pytest_cache .ruff_cache
