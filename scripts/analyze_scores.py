"""Rule analyze_scores: errors of the teacher and the students on a regression task, tables and figures."""
import pandas as pd

from bert_distil.io import read_json, write_csv
from bert_distil.reports import score_analysis
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
labels = read_json(snakemake.input.labels)
split = "dev" if "test" in labels["unlabelled_splits"] else "test"  # GLUE hides its test labels
predictions = {m: pd.read_parquet(p) for m, p in zip(snakemake.params.models, snakemake.input[split])}
score_analysis.check_scored(predictions)
title = f"task {snakemake.wildcards.task}, {split} split"
write_csv(score_analysis.error_summary(predictions), snakemake.output.summary)
write_csv(score_analysis.largest_errors(predictions, snakemake.params.examples), snakemake.output.errors)
score_analysis.plot_scatter(predictions, snakemake.output.scatter_figure, title)
score_analysis.plot_errors(predictions, snakemake.output.errors_figure, title)
