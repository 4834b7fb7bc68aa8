"""Rule summarize_sweeps: every sweep point's score against its non-embedding parameters."""
from bert_distil.io import read_json, write_csv
from bert_distil.runtime import log_to
from bert_distil.reports.sweeps import plot_sweeps, sweep_table

log_to(snakemake.log[0])
teacher = read_json(snakemake.input.teacher)
table = sweep_table(teacher, [read_json(p) for p in snakemake.input.students])
write_csv(table, snakemake.output.table)
metric, split = teacher["metric"], table["split"].iloc[0]
plot_sweeps(table, metric, teacher[split][metric], snakemake.output.figure, title=f"task {snakemake.wildcards.task}")
