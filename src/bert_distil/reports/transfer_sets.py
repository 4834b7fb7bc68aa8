"""How the transfer set matters: every distilled student's score against the size and kind of the transfer
set it learnt from (composition: `rules`, `lm`, `rules+lm`; van de Graaf's variants: subsets, token-shuffled
and unigram sentences), with the teacher and the gold-label students for reference."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd

from ..config import GOLD_LOSSES
from .figures import pyplot, save_figure
from .summary import reported_split

MARKERS = {"composed": "o", "frac": "s", "shuffled": "X", "unigram": "^"}


def describe(name: str, spec: dict) -> str:
    if "components" in spec:
        return "+".join(spec["components"])
    return f"{spec['variant']} {spec['fraction']:g} of {spec['base']}" if spec["variant"] == "frac" \
        else f"{spec['variant']} {spec['base']}"


def transfer_table(teacher: dict, students: Sequence[dict], transfer_specs: dict[str, dict]) -> pd.DataFrame:
    """One row per student (aggregated metrics.json): its transfer set, the set's kind and size (the
    sentences the student trained on), its score. Gold-label students get transfer `gold`."""
    metric = teacher["metric"]
    split = reported_split(teacher)
    rows = []
    for s in students:
        settings = s["settings"]
        gold = settings["loss"] in GOLD_LOSSES
        name = "gold" if gold else settings["transfer"]
        spec = {} if gold else transfer_specs[name]
        rows.append({"student": s["model"], "arch": settings["arch"], "loss": settings["loss"],
                     "transfer": name, "kind": "gold" if gold else spec.get("variant", "composed"),
                     "composition": "training split, gold labels" if gold else describe(name, spec),
                     "sentences": s["train_sentences"],
                     "split": split, metric: s[split][metric]["mean"], "sd": s[split][metric]["sd"],
                     "seeds": len(s["seeds"])})
    return pd.DataFrame(rows).sort_values(["arch", "kind", "sentences"], ignore_index=True)


def plot_transfer_sets(table: pd.DataFrame, metric: str, teacher_score: float, path: str | Path,
                       title: str) -> None:
    """Score against transfer-set size (log scale): a panel per architecture, a marker per kind of set;
    the teacher (solid) and gold-label students (dotted) as lines."""
    plt = pyplot()
    archs = sorted(table["arch"].unique())
    fig, axes = plt.subplots(1, len(archs), figsize=(6.0 * len(archs), 4.2), squeeze=False, sharey=True)
    for ax, arch in zip(axes[0], archs):
        rows = table[table["arch"] == arch]
        for kind, group in rows[rows["kind"] != "gold"].groupby("kind"):
            ax.errorbar(group["sentences"], group[metric], yerr=group["sd"], fmt=MARKERS.get(kind, "o"),
                        capsize=3, label=kind if kind != "composed" else "composed (train + samples)")
            for _, row in group.iterrows():
                ax.annotate(row["transfer"], (row["sentences"], row[metric]), fontsize=7,
                            xytext=(4, 4), textcoords="offset points")
        for _, row in rows[rows["kind"] == "gold"].iterrows():
            ax.axhline(row[metric], color="#888888", linestyle=":", label=f"{row['student']} (gold labels)")
        ax.axhline(teacher_score, color="#555555", label="teacher")
        ax.set_xscale("log")
        ax.set_xlabel("transfer-set sentences")
        ax.set_title(f"{title}: {arch}")
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel(f"{metric} ({table['split'].iloc[0]})")
    fig.tight_layout()
    save_figure(fig, path)
