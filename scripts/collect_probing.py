"""Rule collect_probing: scores.csv (every encoder, task and layer, with the majority baseline), the
probing data's sizes and class balance, and the two probing figures."""
from bert_distil.io import read_json, write_csv
from bert_distil.probing.plots import plot_heatmap, plot_layers
from bert_distil.probing.run import data_table, scores_table
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
scores = scores_table([read_json(p) for p in snakemake.input.scores])
write_csv(scores, snakemake.output.scores)
write_csv(data_table(snakemake.input.data), snakemake.output.data)
plot_layers(scores, snakemake.output.layers)
plot_heatmap(scores, snakemake.output.heatmap)
