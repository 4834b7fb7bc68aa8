"""Student sweeps (e.g. width and depth): each grid row overrides some fields of a base student entry.
A sweep point is an ordinary student named `{sweep}/{field~value_...}` (a Snakemake Paramspace pattern),
so its results live under `results/{task}/{sweep}/{field~value_...}/` and the path encodes the values."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd
from snakemake.utils import Paramspace

from .io import atomic_path

# what a sweep point or a task's override may not change: it stays the same kind of student
FIXED_FIELDS = ("arch", "transfer", "loss", "seeds")


def override_problems(where: str, base: dict, overrides: dict) -> list[str]:
    """Problems with fields that override a student entry (a sweep's grid row, a task's student overrides)."""
    problems = []
    for field, value in overrides.items():
        if field in FIXED_FIELDS or field not in base:
            problems.append(f"{where}: {field!r} cannot be overridden")
        elif base[field] is not None and value is not None and type(value) is not type(base[field]) and not (
                isinstance(value, int) and isinstance(base[field], float)):
            problems.append(f"{where}: {field}={value!r} should be of the same type as {base[field]!r}")
    return problems


def check_sweeps(students: dict, sweeps: dict) -> list[str]:
    """Problems with the `sweeps` config block, one message per problem (empty when fine)."""
    problems = []
    for name, spec in sweeps.items():
        base = students.get(spec["student"])
        if base is None:
            problems.append(f"sweeps.{name}: student {spec['student']!r} is not defined under `students`")
            continue
        keys = set(spec["grid"][0])
        for row_number, row in enumerate(spec["grid"], start=1):
            where = f"sweeps.{name}.grid row {row_number}"
            if set(row) != keys:
                problems.append(f"{where}: fields {sorted(row)} differ from row 1's {sorted(keys)}")
            problems += override_problems(where, base, row)
    return problems


def sweep_students(students: dict, sweeps: dict) -> dict[str, dict]:
    """The student entries that the sweeps generate, by name."""
    out = {}
    for name, spec in sweeps.items():
        base = students[spec["student"]]
        space = Paramspace(pd.DataFrame(spec["grid"]), filename_params="*")
        for pattern, row in zip(space.instance_patterns, spec["grid"]):
            out[f"{name}/{pattern}"] = {**base, **row, "seeds": spec.get("seeds") or base["seeds"]}
    return out


def sweep_table(teacher: dict, students: Sequence[dict]) -> pd.DataFrame:
    """One row per sweep point: size, score (mean, sd over seeds) and the fraction of the teacher's score."""
    metric = teacher["metric"]
    split = "test" if teacher["test"] else "dev"
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
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

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
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=120)
    plt.close(fig)
