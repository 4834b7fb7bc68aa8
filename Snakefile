# Distil a fine-tuned BERT teacher into small sentence classifiers. See README.md.
import os
import sys

from snakemake.utils import min_version, validate

min_version("9.0")

# The library in src/ must be importable by this file and by every job's script, also in a fresh conda
# environment (--sdm conda) or on a cluster node, without installing it there.
SRC = f"{workflow.basedir}/src"
sys.path.insert(0, SRC)
os.environ.update(PYTHONPATH=os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")])))


# A --configfile replaces the offline default instead of being merged into it (Snakemake would otherwise
# deep-merge the demo's tasks into e.g. config/paper.yaml).
if not workflow.config_settings.configfiles:

    configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


scattergather:
    shard=config["shards"],



include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/teacher.smk"
include: "workflow/rules/lm.smk"
include: "workflow/rules/transfer.smk"
include: "workflow/rules/logits.smk"
include: "workflow/rules/students.smk"
include: "workflow/rules/analysis.smk"
include: "workflow/rules/deploy.smk"
include: "workflow/rules/probing.smk"
include: "workflow/rules/report.smk"


localrules:
    all,


rule all:
    input:
        [target for task in config["targets"] for target in task_targets(task)],
        probing_targets(),
        average_targets(),
    default_target: True


onsuccess:
    print_results_summary(config["targets"])
