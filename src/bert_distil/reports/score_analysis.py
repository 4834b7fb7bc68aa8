"""What the teacher and the students get wrong on a regression task (scores, e.g. STS-B's 0-5 similarity):
how far each model's scores lie from the gold scores and from the teacher's, the rows with the largest
errors, scatter plots of teacher vs gold, student vs gold and student vs teacher, and the distribution of
errors. The classification counterpart (confidences, mistakes) is `analysis`. Input: prediction frames of
one labelled split by model name, the teacher first."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..training.metrics import score
from .analysis import REFERENCE, check_same_rows, texts_of
from .figures import pyplot, save_figure


def check_scored(predictions: dict[str, pd.DataFrame]) -> None:
    check_same_rows(predictions)
    if any(frame["label"].isna().any() for frame in predictions.values()):
        raise ValueError("score analysis needs a labelled split (this one has rows without a gold score)")


def error_summary(predictions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per model: Pearson, Spearman, mean absolute and root mean squared error against gold, and (students)
    the same agreement measures against the teacher's scores."""
    teacher = predictions[REFERENCE]["pred"].to_numpy()
    rows = []
    for name, frame in predictions.items():
        gold, pred = frame["label"].to_numpy(), frame["pred"].to_numpy()
        row = {"model": name, "pearson": score("pearson", gold, pred), "spearman": score("spearman", gold, pred),
               "mae": float(np.abs(pred - gold).mean()), "rmse": float(np.sqrt(((pred - gold) ** 2).mean()))}
        if name != REFERENCE:
            row |= {"pearson with teacher": score("pearson", teacher, pred),
                    "mae to teacher": float(np.abs(pred - teacher).mean())}
        rows.append(row)
    return pd.DataFrame(rows).round(4)


def largest_errors(predictions: dict[str, pd.DataFrame], k: int) -> pd.DataFrame:
    """Per model, the k rows whose predicted score is farthest from the gold score, with the teacher's score."""
    teacher = predictions[REFERENCE]["pred"]
    parts = []
    for name, frame in predictions.items():
        error = frame["pred"] - frame["label"]
        chosen = error.abs().sort_values(ascending=False, kind="stable").head(k).index
        parts.append(pd.DataFrame({
            "model": name, "rank": np.arange(1, len(chosen) + 1), "id": frame.loc[chosen, "id"].to_numpy(),
            **texts_of(frame, chosen), "gold": frame.loc[chosen, "label"].round(3).to_numpy(),
            "pred": frame.loc[chosen, "pred"].round(3).to_numpy(), "error": error[chosen].round(3).to_numpy(),
            "teacher pred": teacher[chosen].round(3).to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def plot_scatter(predictions: dict[str, pd.DataFrame], path: str | Path, title: str) -> None:
    """A row of panels: teacher vs gold, then each student vs gold and vs the teacher."""
    plt = pyplot()
    teacher = predictions[REFERENCE]
    gold = teacher["label"].to_numpy()
    panels = [(f"{REFERENCE} vs gold", gold, teacher["pred"].to_numpy(), "gold", REFERENCE)]
    for name, frame in predictions.items():
        if name != REFERENCE:
            panels += [(f"{name} vs gold", gold, frame["pred"].to_numpy(), "gold", name),
                       (f"{name} vs {REFERENCE}", teacher["pred"].to_numpy(), frame["pred"].to_numpy(), REFERENCE, name)]
    fig, axes = plt.subplots(1, len(panels), figsize=(2.8 * len(panels), 2.9), squeeze=False)
    low = min(float(np.min(x)) for _, a, b, _, _ in panels for x in (a, b))
    high = max(float(np.max(x)) for _, a, b, _, _ in panels for x in (a, b))
    for ax, (label, x, y, xlabel, ylabel) in zip(axes[0], panels):
        ax.scatter(x, y, s=4, alpha=0.4)
        ax.plot([low, high], [low, high], color="grey", linewidth=0.8)
        ax.set_title(f"{label}\nr = {score('pearson', x, y):.1f}", fontsize=8)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.set_ylabel(ylabel, fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    save_figure(fig, path)


def plot_errors(predictions: dict[str, pd.DataFrame], path: str | Path, title: str) -> None:
    """Distribution of prediction − gold per model."""
    plt = pyplot()
    errors = {name: (frame["pred"] - frame["label"]).to_numpy() for name, frame in predictions.items()}
    limit = max(float(np.abs(e).max()) for e in errors.values()) or 1.0
    bins = np.linspace(-limit, limit, 41)
    fig, ax = plt.subplots(figsize=(5.0, 3.2))
    for name, error in errors.items():
        ax.hist(error, bins=bins, histtype="step", density=True, label=f"{name} (MAE {np.abs(error).mean():.2f})")
    ax.set_xlabel("predicted − gold score")
    ax.set_ylabel("density")
    ax.legend(fontsize=7)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    save_figure(fig, path)
