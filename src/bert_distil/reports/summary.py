"""Aggregation over seeds and the per-task teacher-vs-students table and figure."""
from __future__ import annotations

import statistics
import textwrap
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from .figures import pyplot, save_figure
from ..config import GOLD_LOSSES
from .guard import guard_warning, teacher_margin


def reported_split(teacher: dict) -> str:
    """The split a task's tables report: test, or dev where the test split has no labels (GLUE)."""
    return "test" if teacher["test"] else "dev"


def _mean_sd(values: Sequence[float]) -> dict[str, Any]:
    return {"mean": statistics.fmean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0,
            "values": list(values)}


def aggregate_seeds(runs: Sequence[dict]) -> dict[str, Any]:
    """One student's per-seed metrics → mean, sample sd and the values, per split and score."""
    first = runs[0]
    out = {"task": first["task"], "model": first["model"], "metric": first["metric"],
           "seeds": [r["seed"] for r in runs]}
    for split in ("dev", "test"):
        out[split] = None if first[split] is None else {
            score: _mean_sd([r[split][score] for r in runs]) for score in first[split]}
    out["extra"] = {split: {score: _mean_sd([r["extra"][split][score] for r in runs]) for score in scores}
                    for split, scores in first.get("extra", {}).items()}
    out["parameters"] = first["parameters"]
    out["train_sentences"] = first["train_sentences"]
    out["settings"] = first["settings"]
    out["run"] = {"train_seconds": _mean_sd([r["run"]["train_seconds"] for r in runs])}
    out["stopped_epoch"] = _mean_sd([r.get("stopped_epoch", r["epochs"]) for r in runs])
    out["stop_reasons"] = [r.get("stop_reason", "epochs") for r in runs]
    return out


def guard_warnings(teacher: dict, students: Sequence[dict]) -> list[str]:
    """The guard's line for each gold-label student in the table that the teacher does not beat on dev."""
    gold = [s for s in students if s["settings"]["loss"] in GOLD_LOSSES]
    return [line for s in gold if (line := guard_warning(teacher["task"], teacher_margin(teacher, s)))]


def summarize(teacher: dict, students: Sequence[dict], speed: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per model: the task metric (mean and sd over seeds), its companions (accuracy; Spearman next to
    Pearson), the task metric on each extra evaluation split (`accuracy_dev_mismatched`), the dev score every
    model was selected on (the teacher and its gold-label rival side by side),
    size, speed (`speed`: the deploy table's PyTorch fp32 rows: Tang's throughput at batch 512, and the
    speed-up by CPU time per example at batch 256), and a `note` on the teacher's row when the guard fires."""
    metric = teacher["metric"]
    split = reported_split(teacher)
    companions = [name for name in teacher[split] if name != metric]
    warnings = guard_warnings(teacher, students)
    if speed is not None:
        speed = speed[(speed["form"] == "pytorch") & (speed["precision"] == "fp32")].set_index("model")
    rates = {} if speed is None else speed["tang_rows_per_s"].to_dict()
    speedups = {} if speed is None else speed["speedup_over_teacher"].to_dict()
    extra = list(teacher.get("extra") or {})  # MNLI's mismatched dev: a column `accuracy_dev_mismatched`
    rows = [{"model": "teacher", "split": split, metric: teacher[split][metric], "sd": 0.0,
             **{name: teacher[split][name] for name in companions},
             **{f"{metric}_{name}": teacher["extra"][name][metric] for name in extra},
             f"dev_{metric}": teacher["dev"][metric],
             "seeds": 1, "non_embedding_parameters": teacher["parameters"]["non_embedding"],
             "sentences_per_s": rates.get("teacher"), "speedup_over_teacher": 1.0, "note": " | ".join(warnings) or None}]
    for s in students:
        rows.append({"model": s["model"], "split": split, metric: s[split][metric]["mean"],
                     "sd": s[split][metric]["sd"], **{name: s[split][name]["mean"] for name in companions},
                     **{f"{metric}_{name}": s["extra"][name][metric]["mean"] for name in extra},
                     f"dev_{metric}": s["dev"][metric]["mean"], "seeds": len(s["seeds"]),
                     "non_embedding_parameters": s["parameters"]["non_embedding"],
                     "sentences_per_s": rates.get(s["model"]), "speedup_over_teacher": speedups.get(s["model"]),
                     "note": None})
    return pd.DataFrame(rows)


def plot_summary(table: pd.DataFrame, path: str | Path, title: str, warnings: Sequence[str] = ()) -> None:
    """Bars of the reported score; the guard's warnings, if any, in red under the title."""
    plt = pyplot()
    metric = table.columns[2]
    fig, ax = plt.subplots(figsize=(1.6 + 1.3 * len(table), 3.6))
    bars = ax.bar(table["model"], table[metric], yerr=table["sd"], capsize=4,
                  color=["#555555"] + ["#4c72b0"] * (len(table) - 1))
    for bar, value, sd in zip(bars, table[metric], table["sd"]):
        ax.annotate(f"{value:.1f}" + (f"±{sd:.1f}" if sd else ""), (bar.get_x() + bar.get_width() / 2, value),
                    ha="center", va="bottom", fontsize=8, xytext=(0, 3), textcoords="offset points")
    low = max(0.0, float(table[metric].min()) - 15)
    ax.set_ylim(low, min(100.0, float(table[metric].max()) + 8))
    ax.set_ylabel(f"{metric} ({table['split'].iloc[0]})")
    ax.set_title(title)
    if warnings:
        fig.text(0.5, 0.005, "\n".join(textwrap.fill(w, 110) for w in warnings), ha="center", va="bottom",
                 color="#b00000", fontsize=7)
        fig.tight_layout(rect=(0, 0.06 * (1 + sum(len(w) // 110 for w in warnings)), 1, 1))
    else:
        fig.tight_layout()
    save_figure(fig, path)
