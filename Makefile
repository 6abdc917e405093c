# Two commands: `make run` and `make test`. Both install what is missing first.
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test demo lint bench clean-data

install: $(VENV)/.synced

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

run: install
	$(VENV)/bin/python -m cli demo --if-empty
	$(VENV)/bin/streamlit run serve.py

# Two workers, as the CI machine has two cores; a file's tests stay on one worker (they
# share module fixtures), the longest files first (tests/conftest.py: LONGEST_FIRST; xdist's
# own reordering by number of tests is off). `make test PYTEST_WORKERS=0` runs them in one
# process.
PYTEST_WORKERS ?= 2

test: install
	$(VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

demo: install
	$(VENV)/bin/python -m cli demo

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(VENV)/bin/python -m bench

clean-data:
	rm -rf data/imports data/archive data/catalog.json data/catalog.lock data/secret.key data/demo
