"""Task metrics on a 0-100 scale like the papers (the seeds': CoLA MCC, SST-2 accuracy, Sara micro-F1; GLUE's:
MRPC/QQP binary F1 and accuracy, STS-B Pearson and Spearman), and the parameter counts every trained model
reports.

A metric is of one task type: classification metrics score predicted classes, regression metrics score
predicted values. `scores_from_logits` turns a model's outputs into predictions the task's way (argmax over
classes, or the single output of a regression head) and reports the task metric with its companions
(accuracy for classification; Pearson and Spearman for regression), so every stage reports the same set."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from torch import nn

from ..registry import Registry

CLASSIFICATION, REGRESSION = "classification", "regression"


def _sklearn(name: str) -> Callable:
    """A function of sklearn.metrics, imported on first use: importing sklearn costs seconds, and every
    training and scoring job imports this module (startup is paid once per job, dozens per run)."""
    import sklearn.metrics

    return getattr(sklearn.metrics, name)


def _correlation(kind: str) -> Callable[[Sequence[float], Sequence[float]], float]:
    def correlate(y, p) -> float:
        from scipy.stats import pearsonr, spearmanr  # scipy comes with sklearn

        y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
        if len(y) < 2 or np.ptp(y) == 0 or np.ptp(p) == 0:
            return 0.0  # undefined for constant inputs (a collapsed model): reported as no correlation
        value = (pearsonr if kind == "pearson" else spearmanr)(y, p)[0]
        return 100.0 * float(value)

    return correlate


@dataclass(frozen=True)
class Metric:
    task_type: str
    compute: Callable[[Sequence, Sequence], float]


METRICS: dict[str, Metric] = Registry("metric", {
    "accuracy": Metric(CLASSIFICATION, lambda y, p: 100.0 * _sklearn("accuracy_score")(y, p)),
    "mcc": Metric(CLASSIFICATION, lambda y, p: 100.0 * _sklearn("matthews_corrcoef")(y, p)),
    "f1": Metric(CLASSIFICATION, lambda y, p: 100.0 * _sklearn("f1_score")(y, p, average="binary", zero_division=0)),
    "micro_f1": Metric(CLASSIFICATION, lambda y, p: 100.0 * _sklearn("f1_score")(y, p, average="micro")),
    "macro_f1": Metric(CLASSIFICATION, lambda y, p: 100.0 * _sklearn("f1_score")(y, p, average="macro")),
    "pearson": Metric(REGRESSION, _correlation("pearson")),
    "spearman": Metric(REGRESSION, _correlation("spearman")),
})

# reported next to the task metric, so that tasks and models compare on a common scale
COMPANIONS = {CLASSIFICATION: ("accuracy",), REGRESSION: ("pearson", "spearman")}


def task_type_of(metric: str) -> str:
    return METRICS[metric].task_type


def score(metric: str, labels: Sequence, predictions: Sequence) -> float:
    return float(METRICS[metric].compute(labels, predictions))


def scores(metric: str, labels: Sequence, predictions: Sequence) -> dict[str, float]:
    """The task metric and its companions (accuracy; or Pearson and Spearman for regression)."""
    names = dict.fromkeys([metric, *COMPANIONS[task_type_of(metric)]])
    return {name: score(name, labels, predictions) for name in names}


def predictions_from_logits(logits: np.ndarray, task_type: str) -> np.ndarray:
    """Predicted classes (argmax) or, for a regression head (one output), the predicted values."""
    if task_type == REGRESSION:
        if logits.ndim != 2 or logits.shape[1] != 1:
            raise ValueError(f"a regression model has one output per example, not {logits.shape[1:]}")
        return logits[:, 0]
    return logits.argmax(axis=1)


def scores_from_logits(metric: str, labels: Sequence, logits: np.ndarray) -> dict[str, float]:
    return scores(metric, labels, predictions_from_logits(logits, task_type_of(metric)))


def parameter_counts(model: nn.Module) -> dict[str, int]:
    """Total and non-embedding parameters (the seeds report the latter): every nn.Embedding is an
    embedding, frozen or not, and so is a student's `projection` of its input embeddings to the hidden
    size (Sučík's BERT students count 2.42M whichever embeddings feed them)."""
    total = sum(p.numel() for p in model.parameters())
    embedding = sum(m.weight.numel() for m in model.modules() if isinstance(m, nn.Embedding))
    projection = getattr(model, "projection", None)
    embedding += sum(p.numel() for p in projection.parameters()) if projection is not None else 0
    return {"total": total, "non_embedding": total - embedding}
