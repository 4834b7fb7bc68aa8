"""Rule train_student: train one student with one seed."""
from bert_distil.data.rows import SPLITS
from bert_distil.data.tables import load_extra_splits, load_split
from bert_distil.io import read_json
from bert_distil.runtime import log_to, set_threads
from bert_distil.students.train import train_student

log_to(snakemake.log[0])
set_threads(snakemake.threads)
labels = read_json(snakemake.input.labels)
train_student(
    task=snakemake.wildcards.task,
    name=snakemake.wildcards.student,
    entry=snakemake.params.entry,
    seed=int(snakemake.wildcards.seed),
    splits={**{name: load_split(snakemake.input[name]) for name in SPLITS},
            **load_extra_splits(snakemake.input.extra, labels["unlabelled_splits"])},
    label_names=labels["names"],
    metric=snakemake.params.metric,
    unlabelled_splits=labels["unlabelled_splits"],
    word_vectors=snakemake.params.word_vectors,
    transfer_shards=snakemake.input.get("transfer", []),
    logit_shards=snakemake.input.get("logits", []),
    teacher_dir=snakemake.input.get("teacher"),
    outputs=dict(snakemake.output.items()),
    checkpoint=snakemake.params.checkpoint,
    task_type=labels["task_type"],
    pairs=labels["pair"],
)
