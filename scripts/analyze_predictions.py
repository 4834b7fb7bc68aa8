"""Rule analyze_predictions: mistakes, overlap, agreement and confidence of the teacher and the students."""
import pandas as pd

from bert_distil.reports import analysis
from bert_distil.io import atomic_path, read_json, write_csv
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
labels = read_json(snakemake.input.labels)
split = "dev" if "test" in labels["unlabelled_splits"] else "test"  # GLUE hides its test labels
models, names = snakemake.params.models, labels["names"]
predictions = {m: pd.read_parquet(p) for m, p in zip(models, snakemake.input[split])}
analysis.check_same_sentences(predictions)
title = f"task {snakemake.wildcards.task}, {split} split"
k = snakemake.params.examples

write_csv(analysis.confident_mistakes(predictions, names, k), snakemake.output.mistakes)
write_csv(analysis.disagreements(predictions, names, k), snakemake.output.disagreements)
overlap = analysis.mistake_overlap(predictions)
write_csv(overlap, snakemake.output.overlap)
agreement = analysis.agreement_matrix(predictions)
with atomic_path(snakemake.output.agreement) as tmp:
    agreement.to_csv(tmp)
write_csv(analysis.confidence_summary(predictions), snakemake.output.confidence)
analysis.plot_confidence(predictions, len(names), snakemake.output.confidence_figure, title)
analysis.plot_agreement(agreement, snakemake.output.agreement_figure, title)
analysis.plot_overlap(overlap, snakemake.output.overlap_figure, title)
