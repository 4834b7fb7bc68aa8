"""Rule summarize_deploy: the deploy table, every timed model's rows with their speed-ups."""
import logging

import pandas as pd

from bert_distil.deploy.speed import speed_table
from bert_distil.io import write_csv
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
table = speed_table(pd.concat([pd.read_csv(path) for path in snakemake.input], ignore_index=True))
write_csv(table, snakemake.output[0])
logging.getLogger("summarize_deploy").info("deployable forms:\n%s", table.to_string(index=False))
