"""Rule derive_transfer_set: a variant (frac / shuffled / unigram) of another transfer set."""
from bert_distil.runtime import log_to
from bert_distil.transfer.assemble import read_shards, write_sharded
from bert_distil.transfer.variants import derive

log_to(snakemake.log[0])
spec = snakemake.params.spec
variant = derive(read_shards(snakemake.input), spec["variant"], spec.get("seed", 0), spec.get("fraction"))
write_sharded(variant, snakemake.output, metadata={"transfer_set": snakemake.wildcards.transfer})
