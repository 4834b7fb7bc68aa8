"""Rule sample_lm: one shard of LM samples."""
from bert_distil.data.tables import load_split
from bert_distil.io import write_parquet
from bert_distil.transfer.lm import load_lm
from bert_distil.precision import device_name, dtype, resolve
from bert_distil.runtime import device, log_to, set_threads
from bert_distil.transfer.sampling import SampleSettings, lm_texts, sample_lm_shard

log_to(snakemake.log[0])
set_threads(snakemake.threads)
settings = SampleSettings(**{k: v for k, v in snakemake.params.settings.items() if k != "kind"})
run_device = device()
precision = resolve(settings.precision, run_device)  # bf16 here means bf16 weights and KV cache
tokenizer, model = load_lm(snakemake.params.model, dtype=dtype(precision))
model.to(run_device).eval()
train = load_split(snakemake.input.train)
samples = sample_lm_shard(model, tokenizer, lm_texts(train), settings, snakemake.params.shard,
                          snakemake.params.shards, snakemake.wildcards.augmentation, pairs="sentence2" in train)
write_parquet(samples, snakemake.output[0], metadata={"precision": precision, "device_name": device_name(run_device)})
