"""Rule prepare_data: parse, validate and split one task's raw files."""
from bert_distil.data.tables import prepare_task
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
prepare_task(
    source=snakemake.params.source,
    files=dict(snakemake.input.items()),
    split=snakemake.params.split,
    outputs=dict(snakemake.output.items()),
)
