"""The probing figures: accuracy against layer depth per task (lines per encoder, majority baseline
dashed), and a heat map of every encoder layer's gain over the majority baseline."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..reports.figures import pyplot, save_figure
from .senteval import SHORT_NAMES


def _tasks(scores: pd.DataFrame) -> list[str]:
    return [t for t in SHORT_NAMES if t in set(scores["task"])] + \
        sorted(set(scores["task"]) - set(SHORT_NAMES))


def plot_layers(scores: pd.DataFrame, path: str | Path) -> None:
    plt = pyplot()
    tasks = _tasks(scores)
    cols = min(5, len(tasks))
    rows = -(-len(tasks) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.0 * cols, 2.6 * rows + 0.6), squeeze=False)
    encoders = list(dict.fromkeys(scores["encoder"]))
    for ax, task in zip(axes.flat, tasks):
        part = scores[scores["task"] == task]
        for encoder in encoders:
            line = part[part["encoder"] == encoder].sort_values("position")
            ax.plot(line["position"], 100 * line["test"], marker="o", markersize=3, label=encoder)
        ax.axhline(100 * part["majority"].iloc[0], color="#777777", linestyle="--", linewidth=1, label="majority")
        ax.set_title(SHORT_NAMES.get(task, task), fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in axes.flat[len(tasks):]:
        ax.axis("off")
    for ax in axes[-1]:
        ax.set_xlabel("relative layer depth", fontsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel("test accuracy (%)", fontsize=8)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    save_figure(fig, path, dpi=110)


def plot_heatmap(scores: pd.DataFrame, path: str | Path) -> None:
    plt = pyplot()
    tasks = _tasks(scores)
    rows = list(dict.fromkeys(zip(scores["encoder"], scores["layer"])))
    table = scores.set_index(["encoder", "layer", "task"])
    accuracy = np.array([[table["test"].get((e, l, t), np.nan) for t in tasks] for e, l in rows])
    majority = scores.groupby("task")["majority"].first().reindex(tasks).to_numpy()
    gain = 100 * (accuracy - majority[None, :])
    fig, ax = plt.subplots(figsize=(1.0 * len(tasks) + 3.0, 0.32 * len(rows) + 1.6))
    limit = np.nanmax(np.abs(gain)) or 1.0
    image = ax.imshow(gain, cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    for i in range(len(rows)):
        for j in range(len(tasks)):
            if np.isfinite(accuracy[i, j]):
                ax.text(j, i, f"{100 * accuracy[i, j]:.0f}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(tasks)), [f"{SHORT_NAMES.get(t, t)}\n(maj. {100 * m:.0f})" for t, m in
                                      zip(tasks, majority)], fontsize=7)
    ax.set_yticks(range(len(rows)), [f"{e}: {l}" for e, l in rows], fontsize=7)
    fig.colorbar(image, ax=ax, shrink=0.8, label="test accuracy − majority (points)")
    ax.set_title("Probing: test accuracy (%) of each encoder layer", fontsize=10)
    fig.tight_layout()
    save_figure(fig, path, dpi=110)
