"""Task metrics (the seeds': CoLA MCC, SST-2 accuracy, Sara micro-F1), on 0-100 scale like the papers, and
the parameter counts every trained model reports."""
from __future__ import annotations

from typing import Callable, Sequence

from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef
from torch import nn

from ..registry import Registry

METRICS: dict[str, Callable[[Sequence[int], Sequence[int]], float]] = Registry("metric", {
    "accuracy": lambda y, p: 100.0 * accuracy_score(y, p),
    "mcc": lambda y, p: 100.0 * matthews_corrcoef(y, p),
    "micro_f1": lambda y, p: 100.0 * f1_score(y, p, average="micro"),
    "macro_f1": lambda y, p: 100.0 * f1_score(y, p, average="macro"),
})


def score(metric: str, labels: Sequence[int], predictions: Sequence[int]) -> float:
    return float(METRICS[metric](labels, predictions))


def scores(metric: str, labels: Sequence[int], predictions: Sequence[int]) -> dict[str, float]:
    """The task metric and accuracy (always reported, for comparison across tasks)."""
    return {metric: score(metric, labels, predictions), "accuracy": score("accuracy", labels, predictions)}


def parameter_counts(model: nn.Module) -> dict[str, int]:
    """Total and non-embedding parameters (the seeds report the latter): every nn.Embedding is an
    embedding, frozen or not, and so is a student's `projection` of its input embeddings to the hidden
    size (Sučík's BERT students count 2.42M whichever embeddings feed them)."""
    total = sum(p.numel() for p in model.parameters())
    embedding = sum(m.weight.numel() for m in model.modules() if isinstance(m, nn.Embedding))
    projection = getattr(model, "projection", None)
    embedding += sum(p.numel() for p in projection.parameters()) if projection is not None else 0
    return {"total": total, "non_embedding": total - embedding}
