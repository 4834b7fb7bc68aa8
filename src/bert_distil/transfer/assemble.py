"""Transfer sets: the training sentences plus generated ones, deduplicated and cut into shards.

A transfer set is named in config by the components it includes (`train`, `rules`, `lm`, …).
Generated sentences that equal a training sentence or an earlier generated sentence (compared as
lower-cased Treebank tokens, the students' view of a sentence) are dropped; training sentences all stay.
A sentence-pair task's sets carry `sentence2`, and a pair is a duplicate when both texts are.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ..io import write_parquet
from .words import sentence_key

log = logging.getLogger(__name__)

COLUMNS = ["id", "sentence", "source"]
PAIR_COLUMNS = ["id", "sentence", "sentence2", "source"]


def columns_of(train: pd.DataFrame) -> list[str]:
    """A transfer set's columns: with `sentence2` for a sentence-pair task."""
    return PAIR_COLUMNS if "sentence2" in train.columns else COLUMNS


def read_shards(paths: Sequence[str | Path], columns: Sequence[str] | None = None) -> pd.DataFrame:
    return pd.concat([pd.read_parquet(p, columns=columns) for p in paths], ignore_index=True)


def assemble(train: pd.DataFrame, samples: pd.DataFrame) -> pd.DataFrame:
    """Training sentences first, then generated sentences that are new."""
    columns = columns_of(train)
    rows = pd.concat([train.assign(source="train")[columns], samples[columns]], ignore_index=True)
    key = rows["sentence"].map(sentence_key)
    empty = key == ""
    if "sentence2" in columns:
        second = rows["sentence2"].map(sentence_key)
        empty, key = empty | (second == ""), key + "\t" + second
    keep = (rows["source"] == "train") | (~empty & ~key.duplicated())
    dropped = (~keep).sum()
    log.info("transfer set: %d training + %d generated sentences (%d duplicates or empty dropped)",
             (rows["source"] == "train").sum(), keep.sum() - (rows["source"] == "train").sum(), dropped)
    return rows[keep].reset_index(drop=True)


def write_sharded(frame: pd.DataFrame, outputs: Sequence[str | Path], metadata: dict | None = None) -> None:
    if frame["id"].duplicated().any():
        raise ValueError(f"transfer set has duplicate ids, e.g. {frame.loc[frame['id'].duplicated(), 'id'].iloc[0]!r}")
    for part, path in zip(np.array_split(np.arange(len(frame)), len(outputs)), outputs):
        write_parquet(frame.iloc[part].reset_index(drop=True), path, metadata=metadata)
