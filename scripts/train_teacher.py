"""Rules train_teacher and train_teacher_candidate: fine-tune the teacher on one task (a grid candidate gets
no test split and no extra evaluation splits: only the selected teacher is scored on them, by select_teacher)."""
from bert_distil.data.rows import SPLITS
from bert_distil.data.tables import load_extra_splits, load_split
from bert_distil.io import read_json
from bert_distil.runtime import log_to, set_threads
from bert_distil.teacher.finetune import TeacherSettings, fine_tune

log_to(snakemake.log[0])
set_threads(snakemake.threads)
labels = read_json(snakemake.input.labels)
fine_tune(
    task=snakemake.wildcards.task,
    settings=TeacherSettings(**snakemake.params.settings),
    splits={**{name: load_split(path) for name, path in snakemake.input.items() if name in SPLITS},
            **load_extra_splits(snakemake.input.get("extra"), labels["unlabelled_splits"])},
    label_names=labels["names"],
    metric=snakemake.params.metric,
    unlabelled_splits=labels["unlabelled_splits"],
    model_out=snakemake.output.model,
    metrics_out=snakemake.output.metrics,
    curve_out=snakemake.output.curve,
    checkpoint=snakemake.params.checkpoint,
    task_type=labels.get("task_type", "classification"),  # labels.json written before task types existed
)
