"""Rule summarize_transfer_sets: each student's score against the size and kind of its transfer set."""
from bert_distil.io import read_json, write_csv
from bert_distil.runtime import log_to
from bert_distil.reports.transfer_sets import plot_transfer_sets, transfer_table

log_to(snakemake.log[0])
teacher = read_json(snakemake.input.teacher)
table = transfer_table(teacher, [read_json(p) for p in snakemake.input.students], snakemake.params.transfer_sets)
write_csv(table, snakemake.output.table)
metric, split = teacher["metric"], table["split"].iloc[0]
plot_transfer_sets(table, metric, teacher[split][metric], snakemake.output.figure,
                   title=f"task {snakemake.wildcards.task}")
