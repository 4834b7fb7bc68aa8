"""Task metrics (the seeds': CoLA MCC, SST-2 accuracy, Sara micro-F1), on 0-100 scale like the papers."""
from __future__ import annotations

from typing import Callable, Sequence

from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef

METRICS: dict[str, Callable[[Sequence[int], Sequence[int]], float]] = {
    "accuracy": lambda y, p: 100.0 * accuracy_score(y, p),
    "mcc": lambda y, p: 100.0 * matthews_corrcoef(y, p),
    "micro_f1": lambda y, p: 100.0 * f1_score(y, p, average="micro"),
    "macro_f1": lambda y, p: 100.0 * f1_score(y, p, average="macro"),
}


def score(metric: str, labels: Sequence[int], predictions: Sequence[int]) -> float:
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; known: {sorted(METRICS)}")
    return float(METRICS[metric](labels, predictions))


def scores(metric: str, labels: Sequence[int], predictions: Sequence[int]) -> dict[str, float]:
    """The task metric and accuracy (always reported, for comparison across tasks)."""
    return {metric: score(metric, labels, predictions), "accuracy": score("accuracy", labels, predictions)}
