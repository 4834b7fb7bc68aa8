"""Rule sample_rules: one shard of Tang et al.'s rule-based samples."""
import pandas as pd

from bert_distil.transfer.rules import RuleSettings, sample_rules_shard
from bert_distil.io import write_parquet
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
settings = dict(snakemake.params.settings)
seed = settings.pop("seed")
for key in ("kind", "tagger"):
    settings.pop(key)
samples = sample_rules_shard(pd.read_parquet(snakemake.input[0]), RuleSettings(**settings), snakemake.params.shard,
                       snakemake.params.shards, seed, snakemake.wildcards.augmentation)
write_parquet(samples, snakemake.output[0])
