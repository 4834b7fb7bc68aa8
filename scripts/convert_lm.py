"""Rule convert_lm: a GGUF checkpoint → a plain HF folder."""
from bert_distil.transfer.lm import convert_gguf
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
convert_gguf(snakemake.params.model, snakemake.output[0])
