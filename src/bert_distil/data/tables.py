"""Prepared task tables: parse a task's source, validate, split if needed and write `train/dev/test`
parquet files with columns `id` (stable string), `sentence`, `label` (int; -1 only in a split the source
publishes without labels, e.g. GLUE test) and `labels.json` with the label names; and read them back."""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..io import write_json, write_parquet
from .rows import SPLITS, DataError, Row, validate_rows
from .sources import PARSERS, parse_hf

log = logging.getLogger(__name__)


def split_stratified(rows: list[Row], dev: float, test: float, seed: int) -> dict[str, list[Row]]:
    """Deterministic stratified train/dev/test split; exact duplicate sentences are dropped first so
    that no sentence can sit in two splits."""
    unique, seen = [], set()
    for row in rows:
        if row.sentence not in seen:
            seen.add(row.sentence)
            unique.append(row)
    if len(unique) < len(rows):
        log.info("dropped %d rows whose sentence repeats an earlier row", len(rows) - len(unique))
    labels = [r.label for r in unique]
    from sklearn.model_selection import train_test_split  # here: importing sklearn costs every data job a second

    rest, test_rows = train_test_split(unique, test_size=test, stratify=labels, random_state=seed)
    train_rows, dev_rows = train_test_split(rest, test_size=dev / (1 - test),
                                            stratify=[r.label for r in rest], random_state=seed)
    return {"train": train_rows, "dev": dev_rows, "test": test_rows}


def to_frame(rows: list[Row]) -> pd.DataFrame:
    return pd.DataFrame({"id": [r.id for r in rows], "sentence": [r.sentence.strip() for r in rows],
                         "label": pd.array([r.label for r in rows], dtype="int64")})


def prepare_task(source: str, files: dict[str, Path], split: dict, outputs: dict[str, Path]) -> None:
    """Parse `files` in the `source` format, validate, split if needed and write
    `outputs[train|dev|test]` (parquet) and `outputs[labels]` (JSON). Nothing is written unless all is valid."""
    if source.startswith("hf:"):
        task = parse_hf(source[len("hf:"):], split.get("text_column", "sentence"),
                        split.get("label_column", "label"))
    elif source in PARSERS:
        task = PARSERS[source]({k: Path(v) for k, v in files.items()})
    else:
        raise ValueError(f"unknown data source {source!r}; known: {sorted(PARSERS)} or hf:<dataset>/<config>")
    n_labels = len(task.label_names)
    for name, rows in task.splits.items():
        validate_rows(rows, n_labels, labelled=name not in task.unlabelled_splits)
    splits = task.splits
    if set(splits) == {"all"}:
        splits = split_stratified(splits["all"], split["dev"], split["test"], split["seed"])
    missing = set(SPLITS) - set(splits)
    if missing:
        raise DataError(f"source {source!r} gave no {sorted(missing)} split(s)")
    validate_rows([r for s in SPLITS for r in splits[s]], n_labels, labelled=False)  # ids unique overall
    frames = {name: to_frame(splits[name]) for name in SPLITS}
    for name, frame in frames.items():
        write_parquet(frame, outputs[name], metadata={"source": source, "split": name})
        counts = frame["label"].value_counts().sort_index().to_dict()
        log.info("%s: %d rows, label counts %s", name, len(frame), counts)
    write_json({"names": task.label_names, "source": source,
                "unlabelled_splits": sorted(task.unlabelled_splits),
                "sizes": {name: len(frame) for name, frame in frames.items()}}, outputs["labels"])


def load_split(path: str | Path) -> pd.DataFrame:
    """Read a prepared split and check its shape (what later stages rely on)."""
    frame = pd.read_parquet(path)
    missing = {"id", "sentence", "label"} - set(frame.columns)
    if missing:
        raise DataError(f"{path}: missing column(s) {sorted(missing)}")
    if frame["id"].duplicated().any():
        dup = frame.loc[frame["id"].duplicated(), "id"].iloc[0]
        raise DataError(f"{path}: duplicate id {dup!r} (row {int(frame.index[frame['id'] == dup][1]) + 1})")
    return frame
