"""Rule probe_encoder: one model's layers probed on every probing task."""
from bert_distil.probing.run import probe_encoder
from bert_distil.runtime import log_to, set_threads

log_to(snakemake.log[0])
set_threads(snakemake.threads)
probe_encoder(snakemake.wildcards.encoder, snakemake.params.model, dict(zip(snakemake.params.tasks, snakemake.input.data)),
              dict(zip(snakemake.params.tasks, snakemake.output)), snakemake.params.settings)
