"""Rule download: fetch one raw task file."""
from bert_distil.data.download import fetch
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
fetch(snakemake.params.url, snakemake.output[0], sha256=snakemake.params.sha256)
