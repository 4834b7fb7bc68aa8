# Two entry points (see README): `make run` sets up and runs the offline default workflow,
# `make test` sets up and runs the test suite. Everything lives in .venv; nothing global is touched
# except Debian's graphviz for `make dag`.
VENV  := .venv
BIN   := $(VENV)/bin
CORES ?= 2

.PHONY: setup run test dag report

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/snakemake --cores $(CORES) --profile profiles/local

test: setup
	$(BIN)/pytest -q

dag: setup
	command -v dot >/dev/null || (apt-get install -y -q graphviz >/dev/null)
	$(BIN)/snakemake --dag | dot -Tsvg > dag.svg
	@echo "wrote dag.svg"
