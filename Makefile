# Two commands set up everything (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck pytest schemas models models-check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dico demo

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/dico_sdk

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

# Expand the common types into the bundled message XSDs (src/dico_sdk/schemas/_source/).
schemas: $(STAMP)
	$(BIN)/python -m dico_sdk.schemas._build

# Regenerate the typed message models from a schema folder (default: the bundled one). Another
# schema set (the official XSDs) goes into its own package: make models SCHEMAS=dir PACKAGE=name
# OUTPUT=dir/name, then MessageRegistry.discover(name, dir) (docs/messages.md).
SCHEMAS ?= src/dico_sdk/schemas
models: $(STAMP)
	$(BIN)/python -m dico_sdk.messages._generate --schemas $(SCHEMAS) $(if $(PACKAGE),--package $(PACKAGE) --output $(OUTPUT))

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis

# Fail when the bundled message XSDs or the generated models are stale.
models-check: $(STAMP)
	$(BIN)/python -m dico_sdk.schemas._build --check
	$(BIN)/pytest -q tests/messages/test_generated_models.py tests/schemas
