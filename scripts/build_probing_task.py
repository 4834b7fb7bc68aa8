"""Rule build_probing_task: one probing task from the parsed corpus, in SentEval's format."""
import logging

from bert_distil.probing.parse import read_parsed
from bert_distil.probing.senteval import write_probing_file
from bert_distil.probing.tasks import BuildSettings, build_task, task_summary
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
task = snakemake.wildcards.probe_task
build = snakemake.params.build
settings = BuildSettings(**{k: v for k, v in build.items() if k != "max_parse_seconds"})
parsed = read_parsed(snakemake.input[0])
frame = build_task(task, parsed, settings)
logging.info("%s", task_summary(task, frame))
write_probing_file(frame, snakemake.output[0])
