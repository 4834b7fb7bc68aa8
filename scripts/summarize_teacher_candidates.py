"""Rule summarize_teacher_candidates: the teacher grid's table and dev curves."""
from pathlib import Path

import pandas as pd

from bert_distil.io import read_json, write_csv
from bert_distil.runtime import log_to
from bert_distil.reports.teacher_grid import candidates_table, plot_candidates

log_to(snakemake.log[0])
teacher = read_json(snakemake.input.teacher)
candidates = {Path(p).parent.name: read_json(p) for p in snakemake.input.candidates}
winner = teacher["selection"]["candidate"]
write_csv(candidates_table(candidates, winner), snakemake.output.table)
curves = {Path(p).parent.name: pd.read_csv(p) for p in snakemake.input.curves}
plot_candidates(curves, teacher["metric"], winner, snakemake.output.figure,
                title=f"teacher candidates on task {snakemake.wildcards.task}")
