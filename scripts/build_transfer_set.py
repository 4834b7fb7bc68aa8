"""Rule build_transfer_set: training sentences + generated components, deduplicated, sharded."""
import pandas as pd

from bert_distil.runtime import log_to
from bert_distil.transfer.assemble import COLUMNS, assemble, read_shards, write_sharded

log_to(snakemake.log[0])
samples = read_shards(snakemake.input.samples) if snakemake.input.samples else pd.DataFrame(columns=COLUMNS)
transfer = assemble(pd.read_parquet(snakemake.input.train), samples)
write_sharded(transfer, snakemake.output, metadata={"transfer_set": snakemake.wildcards.transfer})
