# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_SPEC ?= spec_inputs/harbor-freight.md

.PHONY: demo test lint typecheck unit golden bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "intspec needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

DEMO_OUT ?= build/demo

demo: $(STAMP)
	$(BIN)/intspec validate $(DEMO_SPEC)
	$(BIN)/intspec plan $(DEMO_SPEC)
	rm -rf $(DEMO_OUT)
	$(BIN)/intspec scaffold $(DEMO_SPEC) -o $(DEMO_OUT)
	$(BIN)/intspec verify $(DEMO_OUT)
	@echo "demo: $(DEMO_OUT) is a working service; see $(DEMO_OUT)/README.md (make -C $(DEMO_OUT) run)"

test: lint typecheck unit

# The blueprints' logic modules (blueprints/*/blueprint.py) are intspec's code too; each is its own module
# named `blueprint`, so mypy checks them one at a time.
LOGIC_MODULES := $(wildcard blueprints/*/blueprint.py)

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench $(LOGIC_MODULES)
	$(BIN)/ruff format --check generator tests bench $(LOGIC_MODULES)

typecheck: $(STAMP)
	$(BIN)/mypy
	for module in $(LOGIC_MODULES); do $(BIN)/mypy --strict --warn-unreachable "$$module" || exit 1; done

unit: $(STAMP)
	$(BIN)/pytest -q

golden: $(STAMP)
	$(BIN)/python -m tests.refresh_golden
	$(BIN)/python -m tests.refresh_blueprint_defaults

bench: $(STAMP)
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/scaffold_speed.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
