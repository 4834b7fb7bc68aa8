"""What a task's data is made of: rows (an id, the text, a label, where the row came from) and their
validation. Every parser yields `Row`s, so a bad row is reported as `file:line: what is wrong`.

A row may carry a second text (`sentence2`, sentence-pair tasks: GLUE's MRPC, QQP, MNLI, ...) and a label
may be a float (regression: STS-B); a `TaskData` says which (`task_type`, `label_range`). `validate_task`
checks a whole task against that; the prepared tables still hold `id`, `sentence`, `label` only.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Iterable, Union

SPLITS = ("train", "dev", "test")
UNLABELLED = -1
TASK_TYPES = ("classification", "regression")
CLASSIFICATION, REGRESSION = TASK_TYPES

# a class index (classification), a float (regression), or None: no usable label
Label = Union[int, float, None]


class DataError(ValueError):
    """A row of a task file that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Row:
    id: str
    sentence: str
    label: Label  # None: the row had no usable label (reported by validation)
    where: str  # "file:line", for error messages
    sentence2: str | None = None  # the second text of a sentence pair; None for single-sentence tasks


@dataclass
class TaskData:
    splits: dict[str, list[Row]]
    label_names: list[str]  # class names; regression: one name for the score (STS-B: ["score"])
    unlabelled_splits: set[str] = field(default_factory=set)
    task_type: str = "classification"  # or "regression" (float labels)
    label_range: tuple[float, float] | None = None  # regression: the closed range of a valid score

    @property
    def is_pair(self) -> bool:
        """Whether this is a sentence-pair task (its rows carry `sentence2`)."""
        return any(row.sentence2 is not None for rows in self.splits.values() for row in rows)


def validate_task(task: TaskData) -> None:
    """`validate_rows` on every split with the task's type: in a pair task every row needs a second text."""
    if task.task_type not in TASK_TYPES:
        raise ValueError(f"unknown task type {task.task_type!r}; known: {list(TASK_TYPES)}")
    pair = task.is_pair
    for name, rows in task.splits.items():
        validate_rows(rows, len(task.label_names), labelled=name not in task.unlabelled_splits,
                      task_type=task.task_type, label_range=task.label_range, pair=pair)


def _label_error(row: Row, n_labels: int, task_type: str, label_range: tuple[float, float] | None) -> str | None:
    label = row.label
    if task_type == "regression":
        if isinstance(label, bool) or not isinstance(label, numbers.Real) or not math.isfinite(label):
            return f"missing or non-numeric score {label!r}"
        if label_range is not None and not label_range[0] <= label <= label_range[1]:
            return f"score {label!r} outside [{label_range[0]}, {label_range[1]}]"
        return None
    if isinstance(label, bool) or not isinstance(label, numbers.Integral) or not 0 <= label < n_labels:
        return f"missing or unknown label (expected 0..{n_labels - 1})"
    return None


def validate_rows(rows: Iterable[Row], n_labels: int, labelled: bool, *, task_type: str = "classification",
                  label_range: tuple[float, float] | None = None, pair: bool = False) -> None:
    """Raise DataError naming the first bad row: empty sentence, empty second text (or none, in a `pair`
    task), missing or unknown label (classification) or a score that is not a finite number within
    `label_range` (regression), duplicate id."""
    seen: dict[str, str] = {}
    for row in rows:
        if not row.sentence.strip():
            raise DataError(f"{row.where}: empty sentence")
        if row.sentence2 is not None and not row.sentence2.strip():
            raise DataError(f"{row.where}: empty second text")
        if pair and row.sentence2 is None:
            raise DataError(f"{row.where}: no second text in a sentence-pair task")
        if labelled:
            problem = _label_error(row, n_labels, task_type, label_range)
            if problem:
                raise DataError(f"{row.where}: {problem}")
        if row.id in seen:
            raise DataError(f"{row.where}: duplicate id {row.id!r} (first at {seen[row.id]})")
        seen[row.id] = row.where

