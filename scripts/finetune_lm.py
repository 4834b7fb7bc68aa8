"""Rule finetune_lm: fine-tune the LM on one task's training sentences."""
from bert_distil.data.tables import load_split
from bert_distil.transfer.lm import LMSettings, fine_tune_lm
from bert_distil.transfer.sampling import lm_texts
from bert_distil.runtime import log_to, set_threads

log_to(snakemake.log[0])
set_threads(snakemake.threads)
settings = LMSettings(**snakemake.params.settings)
fine_tune_lm(
    task=snakemake.wildcards.task,
    settings=settings,
    model_in=settings.model,
    train_sentences=lm_texts(load_split(snakemake.input.train)),  # a pair task: both texts, joined
    dev_sentences=lm_texts(load_split(snakemake.input.dev)),
    model_out=snakemake.output.model,
    metrics_out=snakemake.output.metrics,
    curve_out=snakemake.output.curve,
    checkpoint=snakemake.params.checkpoint,
)
