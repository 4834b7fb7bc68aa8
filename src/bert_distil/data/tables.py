"""Prepared task tables: parse a task's source, validate, split if needed and write `train/dev/test`
parquet files with columns `id` (stable string), `sentence`, `sentence2` (sentence-pair tasks only) and
`label` (int class; -1 only in a split the source publishes without labels, e.g. GLUE test; a float score for
a regression task, NaN where unlabelled), `extra.parquet` with the source's further evaluation splits (MNLI's
mismatched dev and test, a `split` column naming each; empty for most tasks), and `labels.json` with the label
names, the task type (classification or regression, with the score range) and whether rows are pairs; and
read them back."""
from __future__ import annotations

import logging
import math
from pathlib import Path

import pandas as pd

from ..io import write_json, write_parquet
from .rows import SPLITS, DataError, Row, validate_rows, validate_task
from .sources import PARSERS, parse_hf

log = logging.getLogger(__name__)


def split_stratified(rows: list[Row], dev: float, test: float, seed: int,
                     regression: bool = False) -> dict[str, list[Row]]:
    """Deterministic stratified train/dev/test split; exact duplicate texts (sentence, or sentence pair) are
    dropped first so that no text can sit in two splits. A regression task is stratified by score deciles."""
    unique, seen = [], set()
    for row in rows:
        key = (row.sentence, row.sentence2)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    if len(unique) < len(rows):
        log.info("dropped %d rows whose text repeats an earlier row", len(rows) - len(unique))
    from sklearn.model_selection import train_test_split  # here: importing sklearn costs every data job a second

    def strata(part: list[Row]) -> list:
        if not regression:
            return [r.label for r in part]
        import numpy as np

        values = np.array([r.label for r in part], dtype=float)
        bins = max(1, min(10, len(part) // 20))  # each stratum needs a few rows in every split
        edges = np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1])
        return list(np.searchsorted(edges, values, side="right"))

    rest, test_rows = train_test_split(unique, test_size=test, stratify=strata(unique), random_state=seed)
    train_rows, dev_rows = train_test_split(rest, test_size=dev / (1 - test), stratify=strata(rest),
                                            random_state=seed)
    return {"train": train_rows, "dev": dev_rows, "test": test_rows}


def to_frame(rows: list[Row], regression: bool = False, pair: bool = False, unlabelled: bool = False) -> pd.DataFrame:
    columns = {"id": [r.id for r in rows], "sentence": [r.sentence.strip() for r in rows]}
    if pair:
        columns["sentence2"] = [r.sentence2.strip() for r in rows]
    if regression:  # the scores of an unlabelled split are NaN, not -1 (which could be a score)
        columns["label"] = pd.array([math.nan if unlabelled else float(r.label) for r in rows], dtype="float64")
    else:
        columns["label"] = pd.array([r.label for r in rows], dtype="int64")
    return pd.DataFrame(columns)


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
    regression = task.task_type == "regression"
    validate_task(task)
    splits = task.splits
    if set(splits) == {"all"}:
        splits = split_stratified(splits["all"], split["dev"], split["test"], split["seed"], regression)
    missing = set(SPLITS) - set(splits)
    if missing:
        raise DataError(f"source {source!r} gave no {sorted(missing)} split(s)")
    extra = sorted(set(splits) - set(SPLITS))  # e.g. MNLI's mismatched dev and test: evaluated on, never trained on
    validate_rows([r for s in splits for r in splits[s]], len(task.label_names), labelled=False)  # ids unique overall
    frames = {name: to_frame(splits[name], regression, task.is_pair, name in task.unlabelled_splits)
              for name in (*SPLITS, *extra)}
    if "extra" in outputs:
        write_extra_splits({name: frames.pop(name) for name in extra}, outputs["extra"], source)
    elif extra:
        raise ValueError(f"source {source!r} gives the extra split(s) {extra}, but no `extra` output to write them")
    for name, frame in frames.items():
        write_parquet(frame, outputs[name], metadata={"source": source, "split": name})
        if regression:
            log.info("%s: %d rows, scores mean %.3f sd %.3f", name, len(frame), frame["label"].mean(),
                     frame["label"].std())
        else:
            log.info("%s: %d rows, label counts %s", name, len(frame),
                     frame["label"].value_counts().sort_index().to_dict())
    write_json({"names": task.label_names, "source": source, "task_type": task.task_type,
                "label_range": list(task.label_range) if task.label_range else None, "pair": task.is_pair,
                "unlabelled_splits": sorted(task.unlabelled_splits), "extra_splits": extra,
                "sizes": {name: len(frame) for name, frame in frames.items()}}, outputs["labels"])


def write_extra_splits(frames: dict[str, pd.DataFrame], path: str | Path, source: str) -> None:
    """The evaluation splits a source publishes beyond train/dev/test, one table with a `split` column; a
    task without any still gets the (empty) file, so that the workflow's outputs do not depend on the data."""
    table = pd.concat([frame.assign(split=name) for name, frame in frames.items()], ignore_index=True) if frames \
        else pd.DataFrame({"id": pd.Series(dtype=str), "split": pd.Series(dtype=str)})
    write_parquet(table, path, metadata={"source": source, "splits": list(frames)})
    for name, frame in frames.items():
        log.info("%s (extra): %d rows", name, len(frame))


def load_extra_splits(path: str | Path | None, unlabelled_splits=()) -> dict[str, pd.DataFrame]:
    """The labelled extra evaluation splits (MNLI's dev_mismatched, ...) by name; none for most tasks."""
    if path is None:
        return {}
    table = pd.read_parquet(path)
    return {name: load_split_frame(frame.drop(columns="split").reset_index(drop=True), f"{path} ({name})")
            for name, frame in table.groupby("split", sort=False) if name not in unlabelled_splits}


def split_texts(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series | None]:
    """(first texts, second texts or None) of a prepared split or transfer set: a sentence-pair task's
    frames have `sentence2`."""
    return frame["sentence"], frame["sentence2"] if "sentence2" in frame.columns else None


def load_split(path: str | Path) -> pd.DataFrame:
    """Read a prepared split and check its shape (what later stages rely on)."""
    return load_split_frame(pd.read_parquet(path), path)


def load_split_frame(frame: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    missing = {"id", "sentence", "label"} - set(frame.columns)
    if missing:
        raise DataError(f"{path}: missing column(s) {sorted(missing)}")
    if frame["id"].duplicated().any():
        dup = frame.loc[frame["id"].duplicated(), "id"].iloc[0]
        raise DataError(f"{path}: duplicate id {dup!r} (row {int(frame.index[frame['id'] == dup][1]) + 1})")
    return frame
