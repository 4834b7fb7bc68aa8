"""Rule sample_lm: one shard of LM samples."""
import torch

from bert_distil.data import load_split
from bert_distil.io import write_parquet
from bert_distil.lm import load_lm
from bert_distil.runtime import device, log_to, set_threads
from bert_distil.sampling import SampleSettings, sample_shard

log_to(snakemake.log[0])
set_threads(snakemake.threads)
settings = SampleSettings(**{k: v for k, v in snakemake.params.settings.items() if k != "kind"})
tokenizer, model = load_lm(snakemake.params.model,
                           dtype=torch.bfloat16 if settings.precision == "bf16" else torch.float32)
model.to(device()).eval()
samples = sample_shard(model, tokenizer, load_split(snakemake.input.train)["sentence"].tolist(), settings,
                       snakemake.params.shard, snakemake.params.shards, snakemake.wildcards.augmentation)
write_parquet(samples, snakemake.output[0])
