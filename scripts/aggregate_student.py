"""Rule aggregate_student: mean and sd of a student's metrics over its seeds (plus, for a distilled student,
its teacher's dev margin over the gold-label baseline, with the guard's warning in the log)."""
import logging

from bert_distil.io import read_json, write_json
from bert_distil.runtime import log_to
from bert_distil.reports.guard import guard_warning, teacher_margin
from bert_distil.reports.summary import aggregate_seeds

log_to(snakemake.log[0])
metrics = aggregate_seeds([read_json(p) for p in snakemake.input.runs])
if "baseline" in snakemake.input.keys():
    metrics["teacher_margin"] = teacher_margin(read_json(snakemake.input.teacher), read_json(snakemake.input.baseline))
    warning = guard_warning(snakemake.wildcards.task, metrics["teacher_margin"])
    if warning:
        logging.getLogger("aggregate_student").warning(warning)
write_json(metrics, snakemake.output[0])
