"""Rule select_teacher: the candidate with the best dev score becomes the task's teacher."""
from pathlib import Path

from bert_distil.data.tables import load_extra_splits, load_split
from bert_distil.io import read_json
from bert_distil.runtime import log_to, set_threads
from bert_distil.teacher.select import select_teacher

log_to(snakemake.log[0])
set_threads(snakemake.threads)
unlabelled = read_json(snakemake.input.labels)["unlabelled_splits"]
select_teacher(
    task=snakemake.wildcards.task,
    candidate_dirs={Path(m).parent.name: Path(m).parent for m in snakemake.input.candidates},
    test=load_split(snakemake.input.test),
    unlabelled_splits=unlabelled,
    extra=load_extra_splits(snakemake.input.extra, unlabelled),
    model_out=snakemake.output.model,
    metrics_out=snakemake.output.metrics,
    curve_out=snakemake.output.curve,
)
