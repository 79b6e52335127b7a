# make run  — set up .venv (first time) and open the tutor on the shipped banks
# make test — same set-up, then lint, type check and the whole test suite
# make bench — performance figures (medians, p99, ratios)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export TUTOR_DB ?= $(CURDIR)/transcripts/tutor.db
export TUTOR_EXPORTS ?= $(CURDIR)/transcripts/exports

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tutor needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tutor

lint: $(STAMP)
	$(BIN)/ruff check .

# mypy runs beside the tests (on a fresh clone, without its cache, it keeps one core busy
# for some seconds); its report follows theirs, and either failing fails the target.
test: $(STAMP)
	$(BIN)/ruff check .
	@echo "$(BIN)/mypy & $(BIN)/python -m pytest -q -n auto --dist loadgroup"
	@report=$$(mktemp); \
	$(BIN)/mypy >"$$report" 2>&1 & types=$$!; \
	$(BIN)/python -m pytest -q -n auto --dist loadgroup; tests=$$?; \
	wait $$types; typed=$$?; \
	echo "mypy:"; cat "$$report"; rm -f "$$report"; \
	test $$tests -eq 0 && test $$typed -eq 0

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
