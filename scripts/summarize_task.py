"""Rule summarize_task: teacher and students side by side (table and bar plot), with the distillation
guard's line in the log, the table and the figure when the teacher does not beat a gold-label student."""
import logging

import pandas as pd

from bert_distil.io import read_json, write_csv
from bert_distil.runtime import log_to
from bert_distil.reports.summary import guard_warnings, plot_summary, summarize

log_to(snakemake.log[0])
teacher, students = read_json(snakemake.input.teacher), [read_json(p) for p in snakemake.input.students]
table = summarize(teacher, students, pd.read_csv(snakemake.input.speed))
warnings = guard_warnings(teacher, students)
for line in warnings:
    logging.getLogger("summarize_task").warning(line)
write_csv(table, snakemake.output.table)
plot_summary(table, snakemake.output.figure, title=f"task {snakemake.wildcards.task}", warnings=warnings)
