"""Rule collect_text: a `kind: text` component, the task's held-out sentences removed, in shards."""
from pathlib import Path

import pandas as pd

from bert_distil.runtime import log_to
from bert_distil.transfer.assemble import write_sharded
from bert_distil.transfer.text import TEXT_FORMATS, collect_text

log_to(snakemake.log[0])
settings = snakemake.params.settings
read = TEXT_FORMATS[settings["format"]]
# extra.parquet (MNLI's mismatched splits) is an empty table without text columns for most tasks
held_out = [s for path in snakemake.input.held_out for s in pd.read_parquet(path).get("sentence", [])]
samples = collect_text(read(Path(snakemake.input.text), settings["min_words"], settings["max_words"]), held_out,
                       snakemake.wildcards.augmentation, settings.get("max_sentences"), settings["seed"])
write_sharded(samples, snakemake.output, metadata={"augmentation": snakemake.wildcards.augmentation})
