"""Rule measure_deploy: one model's deployable forms timed the seeds' ways (the teacher, a student's first
seed, or the BERT-large shape)."""
import logging

import pandas as pd

from bert_distil.data.tables import load_split, split_texts
from bert_distil.deploy.speed import BERT_LARGE, bert_large_shape_rows, student_rows, teacher_rows
from bert_distil.io import write_csv
from bert_distil.precision import resolve
from bert_distil.runtime import log_to, set_threads

log_to(snakemake.log[0])
set_threads(snakemake.threads)
rows = snakemake.params.rows
first, second = split_texts(load_split(snakemake.input.test))
first, second = first.tolist()[:rows], None if second is None else second.tolist()[:rows]
model, inputs = snakemake.wildcards.timed, snakemake.input
if model == "teacher":
    timed = teacher_rows(inputs.model, inputs.deploy, first, second, snakemake.params.latency_rows,
                         auto_precision=resolve(snakemake.params.precision, "cpu"))  # deployed on CPU
elif model == BERT_LARGE:
    timed = bert_large_shape_rows(inputs.model, first, second, snakemake.params.latency_rows)
else:
    timed = student_rows(model, inputs.model, inputs.deploy, first, second, snakemake.params.latency_rows)
write_csv(pd.DataFrame(timed), snakemake.output[0])
logging.getLogger("measure_deploy").info("%s:\n%s", model, pd.DataFrame(timed).to_string(index=False))
