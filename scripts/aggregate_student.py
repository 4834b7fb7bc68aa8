"""Rule aggregate_student: mean and sd of a student's metrics over its seeds."""
from bert_distil.io import read_json, write_json
from bert_distil.runtime import log_to
from bert_distil.reports.summary import aggregate_seeds

log_to(snakemake.log[0])
write_json(aggregate_seeds([read_json(p) for p in snakemake.input]), snakemake.output[0])
