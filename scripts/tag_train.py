"""Rule tag_train: POS-tag the training sentences."""
import pandas as pd

from bert_distil.transfer.rules import tag_frame
from bert_distil.io import write_parquet
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
write_parquet(tag_frame(pd.read_parquet(snakemake.input[0]), snakemake.wildcards.tagger), snakemake.output[0])
