"""Rule summarize_tasks: the GLUE-style average of every model over the run's tasks."""
from pathlib import Path

import pandas as pd

from bert_distil.io import write_csv
from bert_distil.reports.task_average import task_average
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
write_csv(task_average({Path(p).parent.name: pd.read_csv(p) for p in snakemake.input}), snakemake.output[0])
