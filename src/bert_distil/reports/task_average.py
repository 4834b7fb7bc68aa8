"""The GLUE-style average over the tasks of a run: each task's score is the unweighted mean of the metrics
GLUE reports for it (F1 and accuracy for MRPC/QQP, Pearson and Spearman for STS-B, MNLI's matched and
mismatched accuracy, MCC alone for CoLA, accuracy elsewhere), and a model's average is the mean of its task
scores (Wang et al. 2019, GLUE §4: "for tasks with multiple metrics, we use an unweighted average of the
metrics as the score for the task"). Read from the per-task summary tables, so it reports the split those
report (test, or dev where test labels are hidden)."""
from __future__ import annotations

import statistics

import pandas as pd

# the task metric -> the summary columns that make up GLUE's score for the task
GLUE_PARTS = {"f1": ("f1", "accuracy"), "pearson": ("pearson", "spearman"), "spearman": ("pearson", "spearman")}


def task_score(row: pd.Series, metric: str) -> float:
    """One model's GLUE score on one task from its summary row: the task's metric with GLUE's companions, and
    the same metric on the reported split's other views (MNLI: `accuracy_dev_mismatched` next to the matched
    dev accuracy)."""
    parts = [name for name in GLUE_PARTS.get(metric, (metric,)) if name in row.index]
    views = [name for name in row.index if name.startswith(f"{metric}_{row['split']}_")]
    return statistics.fmean(float(row[name]) for name in parts + views)


def task_average(summaries: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per model: its GLUE-style score per task, the mean over the tasks it was trained on, and how
    many of the run's tasks that is (a model missing from a task is averaged over fewer; the count says so)."""
    scores: dict[str, dict[str, float]] = {}
    for task, table in summaries.items():
        metric = table.columns[2]  # summarize() puts the task metric right after model and split
        for _, row in table.iterrows():
            scores.setdefault(row["model"], {})[task] = task_score(row, metric)
    rows = [{"model": model, **{task: by_task.get(task) for task in summaries},
             "average": statistics.fmean(by_task.values()), "tasks": len(by_task)}
            for model, by_task in scores.items()]
    return pd.DataFrame(rows)
