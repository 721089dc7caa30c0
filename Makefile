# Anskaffelseslosen – the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run test setup setup-dev train lint unit validate story-test nlu-gate integration browser evaluate benchmark clean

help:
	@echo "make run        – sett opp, tren ved behov og start boten (demo-side og REST-API)"
	@echo "make test       – hele testsuiten (lint, enhetstester, validering, trening, historier, NLU, integrasjon)"
	@echo "make evaluate   – vår NLU-pipeline mot Rasas standardpipeline på testsettet"
	@echo "make benchmark  – måler installasjon, trening, oppstart, minne og svartid"
	@echo "make benchmark-compare – kostnad per tur mot en standard «rasa init»-bot, side om side (USERS=25 DURATION=30)"
	@echo "make benchmark-check – hva svarkontrollen koster per tur (oppstart, median, p95), uten servere"
	@echo "make profile-turn – hvor millisekundene i én tur går, tidlig og sent i en lang samtale"
	@echo "make report     – innsiktsrapport for innholdseieren i reports/ (ARGS=\"--since ÅÅÅÅ-MM-DD\")"
	@echo "make report-benchmark – rapporten over 10 000 syntetiske samtaler (grense 10 s)"
	@echo "make loadtest   – simulerte brukere mot serveren som kjører (USERS=10 eller LEVELS=1,10,25,50)"
	@echo "make test-scale – to Rasa-replikaer mot PostgreSQL og Redis (installerer dem ved behov)"
	@echo "make facts      – alle juridiske fakta med verdi, datoer, sikkerhet og om de er forfalt til kontroll"
	@echo "make evaluate-answers – svarer boten på spørsmålet? riktig / ærlig ukjent / feil på tests/questions/"
	@echo "make audit      – pip-audit på de låste pakkene"
	@echo "make retention  – sletter samtaler eldre enn oppbevaringstiden (DAYS=30)"
	@echo "make serve      – produksjonsoppsettet (bare 127.0.0.1, krever WEBCHAT_SECRET; se deploy/README.md)"
	@echo "make test-deploy – produksjonsoppsettet bak nginx over HTTPS, testet ende til ende (installerer nginx)"

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

.PHONY: benchmark-compare benchmark-check profile-turn
benchmark-check: setup-dev train
	@source scripts/common.sh && $$PY scripts/benchmark_answer_check.py

profile-turn: setup-dev train
	@source scripts/common.sh && $$PY scripts/profile_turn.py $(if $(TURNS),--turns "$(TURNS)")

benchmark-compare: setup-dev train
	@source scripts/common.sh && $$PY scripts/benchmark_compare.py --users "$(or $(USERS),25)" \
	  --duration "$(or $(DURATION),30)" $(if $(THINK),--think "$(THINK)") $(if $(LONG),--long "$(LONG)")

clean:
	rm -rf models results reports .pytest_cache .ruff_cache

# --- Production readiness: load, scale-out, audit, retention (see README, «Production notes») ---
.PHONY: loadtest test-scale audit retention
LOADTEST_URL ?= http://127.0.0.1:5005
USERS ?= 10
DURATION ?= 60
loadtest: setup-dev
	@source scripts/common.sh && $$PY scripts/loadtest.py --url "$(LOADTEST_URL)" --duration "$(DURATION)" \
	  $(if $(LEVELS),--levels "$(LEVELS)",--users "$(USERS)")

test-scale:
	@scripts/test_scale.sh

audit:
	@scripts/audit.sh

retention: setup
	@source scripts/common.sh && $$PY scripts/retention.py $(if $(DAYS),--days "$(DAYS)") $(if $(DRY_RUN),--dry-run)

# --- Insight report for the content owner (insights/report.py, scripts/report.py) ---
.PHONY: report report-benchmark facts evaluate-answers
facts: setup
	@source scripts/common.sh && $$PY scripts/facts.py $(ARGS)

evaluate-answers: setup-dev train
	@source scripts/common.sh && $$PY scripts/evaluate_answers.py $(ARGS)

report: setup
	@source scripts/common.sh && $$PY scripts/report.py $(ARGS)

report-benchmark: setup
	@source scripts/common.sh && $$PY scripts/report_benchmark.py

# --- Production profile and the deployed shape (deploy/, docs/security.md; README «Production notes») ---
.PHONY: serve test-deploy
serve:
	@scripts/serve.sh

test-deploy:
	@scripts/test_deploy.sh
