"""Rule summarize_task: teacher and students side by side (table and bar plot)."""
from bert_distil.io import read_json, write_csv
from bert_distil.runtime import log_to
from bert_distil.reports.summary import plot_summary, summarize

log_to(snakemake.log[0])
table = summarize(read_json(snakemake.input.teacher), [read_json(p) for p in snakemake.input.students])
write_csv(table, snakemake.output.table)
plot_summary(table, snakemake.output.figure, title=f"task {snakemake.wildcards.task}")
