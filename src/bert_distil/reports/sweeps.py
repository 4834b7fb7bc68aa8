"""The sweeps' table and figure: every sweep point's score against its size. A sweep point is an ordinary
student named `{sweep}/{field~value_...}` (the points are made from config by `config.sweep_students`), so
its results live under `results/{task}/{sweep}/{field~value_...}/` and the path encodes the values."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd

from .figures import pyplot, save_figure
from .summary import reported_split

def sweep_table(teacher: dict, students: Sequence[dict]) -> pd.DataFrame:
    """One row per sweep point: size, score (mean, sd over seeds) and the fraction of the teacher's score."""
    metric = teacher["metric"]
    split = reported_split(teacher)
    rows = []
    for s in students:
        sweep, point = s["model"].split("/", 1)
        rows.append({"sweep": sweep, "point": point, "arch": s["settings"]["arch"],
                     "non_embedding_parameters": s["parameters"]["non_embedding"], "split": split,
                     metric: s[split][metric]["mean"], "sd": s[split][metric]["sd"], "seeds": len(s["seeds"]),
                     "fraction_of_teacher": s[split][metric]["mean"] / teacher[split][metric]})
    return pd.DataFrame(rows).sort_values(["sweep", "non_embedding_parameters"], ignore_index=True)


def plot_sweeps(table: pd.DataFrame, metric: str, teacher_score: float, path: str | Path, title: str) -> None:
    """Score against non-embedding parameters (log scale), a line per sweep, the teacher and 90 % of it."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for sweep, rows in table.groupby("sweep", sort=True):
        ax.errorbar(rows["non_embedding_parameters"], rows[metric], yerr=rows["sd"], marker="o", capsize=3,
                    label=f"{sweep} ({rows['arch'].iloc[0]})")
    ax.axhline(teacher_score, color="#555555", label="teacher")
    ax.axhline(0.9 * teacher_score, color="#555555", linestyle="--", label="90 % of teacher")
    ax.set_xscale("log")
    ax.set_xlabel("non-embedding parameters")
    ax.set_ylabel(f"{metric} ({table['split'].iloc[0]})")
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, path)
