"""Rule measure_speed: the teacher's and each student's inference speed, side by side in one job."""
import logging

from bert_distil.data.tables import load_split, split_texts
from bert_distil.io import write_csv
from bert_distil.runtime import log_to, set_threads
from bert_distil.students.speed import speed_table

log_to(snakemake.log[0])
set_threads(snakemake.threads)
first, second = split_texts(load_split(snakemake.input.test))
table = speed_table(snakemake.input.teacher, dict(zip(snakemake.params.names, snakemake.input.students)),
                    first.tolist(), None if second is None else second.tolist())
write_csv(table, snakemake.output[0])
logging.getLogger("measure_speed").info("speed on %d test sentences:\n%s", table["sentences"].iloc[0],
                                          table.to_string(index=False))
