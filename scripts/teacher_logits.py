"""Rule teacher_logits: score one transfer-set shard with the teacher."""
from bert_distil.teacher.logits import score_shard
from bert_distil.runtime import device, log_to, set_threads

log_to(snakemake.log[0])
set_threads(snakemake.threads)
settings = snakemake.params.settings
score_shard(snakemake.input.shard, snakemake.input.teacher, snakemake.output[0], settings["batch_size"],
            settings["precision"], settings["max_length"], device())
