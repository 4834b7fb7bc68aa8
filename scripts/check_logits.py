"""Rule check_logits: all logit shards complete and sound against the transfer set."""
from bert_distil.teacher.logits import check_logits
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
check_logits(snakemake.input.transfer, snakemake.input.logits, snakemake.output[0])
