"""Rule export_onnx: the teacher or a student (first seed) as a deploy folder (ONNX, int8), checked on the
test split (dev where test is unlabelled)."""
from bert_distil.data.tables import load_split, split_texts
from bert_distil.deploy.export import export_student, export_teacher
from bert_distil.io import read_json
from bert_distil.runtime import log_to, set_threads

log_to(snakemake.log[0])
set_threads(snakemake.threads)
split = "dev" if "test" in read_json(snakemake.input.labels).get("unlabelled_splits", []) else "test"
rows = load_split(snakemake.input[split])
first, second = split_texts(rows)
checked = dict(sentences=first.tolist(), sentences2=None if second is None else second.tolist(),
               labels=rows["label"].tolist(), metric=snakemake.params.metric, split=split)
if snakemake.wildcards.model == "teacher":
    export_teacher(snakemake.input.model, snakemake.output[0], max_length=snakemake.params.teacher_max_length, **checked)
else:
    export_student(snakemake.input.model, snakemake.output[0], **checked)
