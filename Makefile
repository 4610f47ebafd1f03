# partrack — `make help` lists the targets. The two a new user needs: `make brief` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PERIOD ?= latest
DATA ?= data/sample

# Debian packages the project needs at run time (one per line in this file, comments allowed).
DEB_LIST := scripts/debian-packages.txt
# ... and those only the tests need (the browser they drive), installed by `make test`, not by `make brief`.
DEB_TEST_LIST := scripts/debian-packages-test.txt

.PHONY: help setup brief test lint format progress targets sample lab notebooks bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

$(VENV)/.system: $(DEB_LIST) scripts/setup-system.sh
	@bash scripts/setup-system.sh $(DEB_LIST) $(PYTHON)
	@mkdir -p $(VENV) && touch $@

$(VENV)/.system-test: $(DEB_TEST_LIST) scripts/setup-system.sh | $(VENV)/.system
	@bash scripts/setup-system.sh $(DEB_TEST_LIST) $(PYTHON)
	@touch $@

$(BIN)/python: | $(VENV)/.system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/.system | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed ## Create .venv and install everything (Debian packages too, when root)

brief: setup ## Produce the HTML and PDF briefs from the bundled sample data (outputs/<period>/)
	$(BIN)/partrack validate $(DATA) --summary
	$(BIN)/partrack run --period $(PERIOD) --data $(DATA)

progress: setup ## Print the progress table (PERIOD=2024-Q2 DATA=path to choose)
	$(BIN)/partrack progress --data $(DATA) --period $(PERIOD)

targets: setup ## List the plan's goals (the catalogue)
	$(BIN)/partrack targets

sample: setup ## Rebuild the illustrative sample data from its script (fixed seed)
	$(BIN)/python scripts/make_sample_data.py

# JupyterLab at the project root (notebooks/, data/ and outputs/ all visible), its file browser on notebooks/;
# as root (a container, a server) it needs --allow-root. Extra options: make lab LAB_ARGS="--no-browser --port 8890"
LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

$(VENV)/.lab: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,lab]'
	@touch $@

lab: $(VENV)/.lab ## Install JupyterLab into .venv and start it at the project root (notebooks/ open)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(ROOT_FLAG) $(LAB_ARGS)

notebooks: setup ## Rewrite notebooks/ from scripts/make_notebooks.py (stripped, thin)
	$(BIN)/python scripts/make_notebooks.py

bench: setup ## Run the benchmarks (minutes; prints ratios against baselines measured in the same run)
	$(BIN)/python benchmarks/bench_progress.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_run.py

lint: setup ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: setup $(VENV)/.system-test lint ## Set up and run the tests (lint included)
	$(BIN)/python -m pytest -q

clean: ## Remove the environment and caches (outputs stay)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
