"""Rule export_student: a trained BERT student as a Hugging Face folder."""
from bert_distil.runtime import log_to
from bert_distil.students.saved import export_hf

log_to(snakemake.log[0])
export_hf(snakemake.input[0], snakemake.output[0])
