"""Task data, from the original files to the prepared tables every later stage reads.

- `rows`: `Row` / `TaskData` (a second text, classification or regression), validation, `DataError`
- `sources`: one parser per original format (`PARSERS`), and `hf:` datasets
- `glue`: GLUE's original files (CoLA, SST-2, and the pair tasks MRPC, QQP, MNLI, QNLI, RTE, WNLI, STS-B),
  registered into `PARSERS`; `GLUE_URLS` what GLUE's download script fetches
- `offline`: real tasks that ship inside packages: VADER's rated corpora as regression (`vader-scores-*`),
  Wikipedia next-sentence pairs (`wiki-next`); `wiki` reads the Wikipedia dump into sentences
- `tables`: prepare a task (parse, validate, split, write parquet + labels.json); `load_split` reads one back
- `download`: fetch raw files (URLs, `pip:` sdists) with checksums and retries
"""
from . import glue, offline  # noqa: F401,E402  register the glue-* and offline parsers into sources.PARSERS
