"""Task data, from the original files to the prepared tables every later stage reads.

- `rows`: `Row` / `TaskData` (a second text, classification or regression), validation, `DataError`
- `sources`: one parser per original format (`PARSERS`), and `hf:` datasets
- `glue`: GLUE's original files (CoLA, SST-2, and the pair tasks MRPC, QQP, MNLI, QNLI, RTE, WNLI, STS-B),
  registered into `PARSERS`; `GLUE_URLS` what GLUE's download script fetches
- `tables`: prepare a task (parse, validate, split, write parquet + labels.json); `load_split` reads one back
- `download`: fetch raw files (URLs, `pip:` sdists) with checksums and retries
"""
from . import glue  # noqa: F401,E402  registers the glue-* parsers into sources.PARSERS
