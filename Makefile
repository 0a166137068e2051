# LoopScope developer commands. Each target creates (once) and reuses a local virtual
# environment, so on a fresh machine `make run` / `make test` are all the set-up there is.
# PYTHON picks the interpreter; VENV where its environment lives (one per interpreter).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The install builds the optional compiled accelerator (setup.py, app/runtime/_accel.c) in
# place where a C compiler is found: a change to either reinstalls.
BUILD_INPUTS := pyproject.toml setup.py app/runtime/_accel.c
STAMP := $(VENV)/.installed-$(shell echo $$(cat $(BUILD_INPUTS) | cksum | cut -d' ' -f1))

.PHONY: run test test-windows lint bench soak screenshots translations clean venv
SOAK_SECONDS ?= 600

$(STAMP): $(BUILD_INPUTS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) -m app $(ARGS)

# Style, then the import contracts of pyproject.toml (docs/ARCHITECTURE.md §6),
# then the types. import-linter has no `python -m` entry point: its script is in the venv.
lint: $(STAMP)
	$(PY) -m ruff check app tests bench tools
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# The Qt-free suite and every sample recorded on a Windows CPython under Wine (installs Wine
# and MinGW with apt when root; downloads are cached in .cache/windows): tools/windows.py.
test-windows: $(STAMP)
	$(PY) -m tools.windows test

bench: $(STAMP)
	$(PY) -m bench $(ARGS)

soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.soak --seconds $(SOAK_SECONDS)

# lupdate → resources/i18n/loopscope_zh_CN.ts (one context, translations kept) → lrelease
# → the .qm the application ships and loads (tools/i18n.py).
translations: $(STAMP)
	$(PY) -m tools.i18n

screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) -m tools.screenshots

clean:
	rm -rf .venv .venv-* build dist *.egg-info .pytest_cache .ruff_cache app/runtime/_accel.*.so
