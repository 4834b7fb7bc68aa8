"""Rule build_transfer_set: training sentences + generated components, deduplicated, sharded."""
import pandas as pd

from bert_distil.runtime import log_to
from bert_distil.transfer.assemble import assemble, columns_of, read_shards, write_sharded

log_to(snakemake.log[0])
train = pd.read_parquet(snakemake.input.train)
samples = read_shards(snakemake.input.samples) if snakemake.input.samples else pd.DataFrame(columns=columns_of(train))
transfer = assemble(train, samples)
write_sharded(transfer, snakemake.output, metadata={"transfer_set": snakemake.wildcards.transfer})
