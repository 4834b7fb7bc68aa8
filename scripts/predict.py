"""Rule predict: a model's predictions on dev and test."""
from bert_distil.data.tables import load_split
from bert_distil.io import read_json
from bert_distil.reports.predictions import write_predictions
from bert_distil.runtime import log_to, set_threads

log_to(snakemake.log[0])
set_threads(snakemake.threads)
labels = read_json(snakemake.input.labels)
write_predictions(snakemake.input.model, {s: load_split(snakemake.input[s]) for s in ("dev", "test")},
                  {s: snakemake.output[s] for s in ("dev", "test")}, labels["names"],
                  max_length=snakemake.params.teacher_max_length, task_type=labels["task_type"])
