"""The teacher grid in the report: every candidate's best dev score and dev curve, the selected one marked."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import TEACHER_GRID_FIELDS
from .figures import pyplot, save_figure


def candidates_table(candidates: dict[str, dict], winner: str) -> pd.DataFrame:
    """One row per candidate: its grid values, best dev score, the epoch of that score, where it stopped."""
    rows = []
    for name, m in candidates.items():
        # the grid's own values, from the settings (a name such as warmup_proportion~0.1 has "_" inside)
        grid = {f: m["settings"][f] for f in TEACHER_GRID_FIELDS if f"{f}~" in name}
        rows.append({"candidate": name, **grid, f"dev_{m['metric']}": m["dev"][m["metric"]],
                     "best_epoch": m["best_epoch"], "stopped_epoch": m.get("stopped_epoch"),
                     "stop_reason": m.get("stop_reason"), "train_seconds": m["run"]["train_seconds"],
                     "selected": name == winner})
    return pd.DataFrame(rows)


def plot_candidates(curves: dict[str, pd.DataFrame], metric: str, selected: str, path: str | Path,
                    title: str) -> None:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    for name, curve in curves.items():
        ax.plot(curve["epoch"], curve[f"dev_{metric}"], marker="o", markersize=3,
                linewidth=2.6 if name == selected else 1.0, label=name + (" (selected)" if name == selected else ""))
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"dev {metric}")
    ax.set_title(title)
    ax.legend(fontsize=7)
    fig.tight_layout()
    save_figure(fig, path)
