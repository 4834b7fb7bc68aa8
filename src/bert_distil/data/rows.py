"""What a task's data is made of: rows (an id, the text, a label, where the row came from) and their
validation. Every parser yields `Row`s, so a bad row is reported as `file:line: what is wrong`.

The types leave room for what later tasks need without changing the stages that pass rows on: a row may
carry a second text (`sentence2`, sentence-pair tasks) and a label may be a float (regression); today's
sources fill neither, and the prepared tables hold `id`, `sentence`, `label` only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Union

SPLITS = ("train", "dev", "test")
UNLABELLED = -1

# a class index (classification), a float (regression, not used yet), or None: no usable label
Label = Union[int, float, None]


class DataError(ValueError):
    """A row of a task file that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Row:
    id: str
    sentence: str
    label: Label  # None: the row had no usable label (reported by validation)
    where: str  # "file:line", for error messages
    sentence2: str | None = None  # the second text of a sentence pair (no source has one yet)


@dataclass
class TaskData:
    splits: dict[str, list[Row]]
    label_names: list[str]
    unlabelled_splits: set[str] = field(default_factory=set)


def validate_rows(rows: Iterable[Row], n_labels: int, labelled: bool) -> None:
    """Raise DataError naming the first bad row: empty sentence, missing or unknown label, duplicate id."""
    seen: dict[str, str] = {}
    for row in rows:
        if not row.sentence.strip():
            raise DataError(f"{row.where}: empty sentence")
        if labelled and (row.label is None or not 0 <= row.label < n_labels):
            raise DataError(f"{row.where}: missing or unknown label (expected 0..{n_labels - 1})")
        if row.id in seen:
            raise DataError(f"{row.where}: duplicate id {row.id!r} (first at {seen[row.id]})")
        seen[row.id] = row.where

