"""Rule measure_deploy: every model in every deployable form, timed side by side in one job."""
import logging

from bert_distil.data.tables import load_split, split_texts
from bert_distil.deploy.speed import deploy_table
from bert_distil.io import write_csv
from bert_distil.precision import resolve
from bert_distil.runtime import log_to, set_threads

log_to(snakemake.log[0])
set_threads(snakemake.threads)
first, second = split_texts(load_split(snakemake.input.test))
students = dict(zip(snakemake.params.names, zip(snakemake.input.students, snakemake.input.student_deploys)))
table = deploy_table(snakemake.input.teacher, snakemake.input.teacher_deploy, students, first.tolist(),
                     None if second is None else second.tolist(), rows=snakemake.params.rows,
                     bert_large_rows=snakemake.params.bert_large_rows, latency_rows=snakemake.params.latency_rows,
                     auto_precision=resolve(snakemake.params.precision, "cpu"))  # deployed on CPU
write_csv(table, snakemake.output[0])
logging.getLogger("measure_deploy").info("deployable forms:\n%s", table.to_string(index=False))
