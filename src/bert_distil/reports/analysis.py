"""What the teacher and the students get wrong (Sučík, ch. 6): their most and least confident mistakes,
which sentences one model gets right and another misses, how often models agree, and how confidence
differs between right and wrong predictions. Input: prediction frames (see `predictions`) of the same
split, by model name; the teacher is the reference model."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .figures import pyplot, save_figure

REFERENCE = "teacher"


def check_same_rows(predictions: dict[str, pd.DataFrame]) -> None:
    """Every model's predictions are for the same rows in the same order."""
    ids = {name: frame["id"].tolist() for name, frame in predictions.items()}
    first = next(iter(ids))
    for name, these in ids.items():
        if these != ids[first]:
            raise ValueError(f"predictions of {name!r} and {first!r} are not for the same sentences in the same order")


def check_same_sentences(predictions: dict[str, pd.DataFrame]) -> None:
    check_same_rows(predictions)
    if any((frame["label"] < 0).any() for frame in predictions.values()):
        raise ValueError("prediction analysis needs a labelled split (this one has label -1 rows)")


def texts_of(frame: pd.DataFrame, index=None) -> dict[str, np.ndarray]:
    """The text columns of prediction rows (`index`: which rows): sentence, and sentence2 for pairs."""
    rows = frame if index is None else frame.loc[index]
    return {c: rows[c].to_numpy() for c in ("sentence", "sentence2") if c in frame.columns}


def confident_mistakes(predictions: dict[str, pd.DataFrame], label_names: list[str], k: int) -> pd.DataFrame:
    """Per model, its k most confident and k least confident wrong predictions."""
    parts = []
    for name, frame in predictions.items():
        wrong = frame[frame["pred"] != frame["label"]].sort_values("confidence", ascending=False, kind="stable")
        for kind, rows in (("most confident", wrong.head(k)), ("least confident", wrong.tail(k)[::-1])):
            parts.append(pd.DataFrame({
                "model": name, "mistake": kind, "rank": np.arange(1, len(rows) + 1), "id": rows["id"].to_numpy(),
                **texts_of(rows), "label": [label_names[i] for i in rows["label"]],
                "pred": [label_names[i] for i in rows["pred"]], "confidence": rows["confidence"].round(4).to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def mistake_overlap(predictions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """For each student: sentences both get right, only the teacher gets right (the student misses them),
    only the student gets right, both miss; counts and shares of the split."""
    teacher = predictions[REFERENCE]
    teacher_right = (teacher["pred"] == teacher["label"]).to_numpy()
    rows = []
    for name, frame in predictions.items():
        if name == REFERENCE:
            continue
        right = (frame["pred"] == frame["label"]).to_numpy()
        counts = {"both right": int((teacher_right & right).sum()),
                  "teacher only": int((teacher_right & ~right).sum()),
                  "student only": int((~teacher_right & right).sum()),
                  "both wrong": int((~teacher_right & ~right).sum())}
        wrong = int((~right).sum())
        rows.append({"student": name, **counts, "sentences": len(frame), "student mistakes": wrong,
                     # how many of the student's mistakes the teacher makes too
                     "shared with teacher": round(counts["both wrong"] / wrong, 4) if wrong else None})
    return pd.DataFrame(rows)


def disagreements(predictions: dict[str, pd.DataFrame], label_names: list[str], k: int) -> pd.DataFrame:
    """Examples of each kind of disagreement: per student, the k sentences the teacher gets right and the
    student misses most confidently, and the k the student gets right and the teacher misses most confidently."""
    teacher = predictions[REFERENCE]
    teacher_right = teacher["pred"] == teacher["label"]
    parts = []
    for name, frame in predictions.items():
        if name == REFERENCE:
            continue
        right = frame["pred"] == frame["label"]
        for kind, mask, ranked_by in (("teacher right, student wrong", teacher_right & ~right, frame),
                                      ("student right, teacher wrong", ~teacher_right & right, teacher)):
            chosen = ranked_by[mask].sort_values("confidence", ascending=False, kind="stable").head(k).index
            parts.append(pd.DataFrame({
                "student": name, "case": kind, "id": frame.loc[chosen, "id"].to_numpy(),
                **texts_of(frame, chosen),
                "label": [label_names[i] for i in frame.loc[chosen, "label"]],
                "teacher pred": [label_names[i] for i in teacher.loc[chosen, "pred"]],
                "teacher confidence": teacher.loc[chosen, "confidence"].round(4).to_numpy(),
                "student pred": [label_names[i] for i in frame.loc[chosen, "pred"]],
                "student confidence": frame.loc[chosen, "confidence"].round(4).to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def agreement_matrix(predictions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Share of sentences on which two models predict the same label; the `gold` row is accuracy."""
    preds = {"gold": next(iter(predictions.values()))["label"].to_numpy()}
    preds |= {name: frame["pred"].to_numpy() for name, frame in predictions.items()}
    names = list(preds)
    return pd.DataFrame([[float(np.mean(preds[a] == preds[b])) for b in names] for a in names],
                        index=pd.Index(names, name="model"), columns=names).round(4)


def confidence_summary(predictions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per model, right and wrong predictions: how many, and their mean / median confidence."""
    rows = []
    for name, frame in predictions.items():
        right = frame["pred"] == frame["label"]
        for outcome, part in (("right", frame[right]), ("wrong", frame[~right])):
            rows.append({"model": name, "prediction": outcome, "count": len(part),
                         "mean confidence": round(float(part["confidence"].mean()), 4) if len(part) else None,
                         "median confidence": round(float(part["confidence"].median()), 4) if len(part) else None})
    return pd.DataFrame(rows)


# --- figures --------------------------------------------------------------------------------------------

def plot_confidence(predictions: dict[str, pd.DataFrame], classes: int, path: str | Path, title: str) -> None:
    """Histogram of confidence, right vs wrong predictions, a panel per model."""
    plt = pyplot()
    fig, axes = plt.subplots(1, len(predictions), figsize=(3.2 * len(predictions), 3.0), squeeze=False, sharey=True)
    bins = np.linspace(1 / classes, 1, 21)
    for ax, (name, frame) in zip(axes[0], predictions.items()):
        right = frame["pred"] == frame["label"]
        ax.hist(frame.loc[right, "confidence"], bins=bins, alpha=0.6, label=f"right ({int(right.sum())})", density=True)
        ax.hist(frame.loc[~right, "confidence"], bins=bins, alpha=0.6, label=f"wrong ({int((~right).sum())})",
                density=True)
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("confidence")
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel("density")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    save_figure(fig, path)


def plot_agreement(matrix: pd.DataFrame, path: str | Path, title: str) -> None:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(1.1 * len(matrix) + 1.5, 0.9 * len(matrix) + 1.0))
    image = ax.imshow(matrix.to_numpy(), cmap="viridis", vmin=max(0.0, float(matrix.to_numpy().min()) - 0.05), vmax=1)
    ax.set_xticks(range(len(matrix)), matrix.columns, rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(matrix)), matrix.index, fontsize=8)
    for i in range(len(matrix)):
        for j in range(len(matrix)):
            ax.text(j, i, f"{matrix.iat[i, j]:.3f}", ha="center", va="center", fontsize=7, color="white")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    save_figure(fig, path)


def plot_overlap(overlap: pd.DataFrame, path: str | Path, title: str) -> None:
    """Stacked bars per student: where its mistakes and the teacher's fall."""
    plt = pyplot()
    parts = ["both right", "teacher only", "student only", "both wrong"]
    colors = ["#c7d9e8", "#d95f02", "#1b9e77", "#555555"]
    fig, ax = plt.subplots(figsize=(2.0 + 1.4 * len(overlap), 3.4))
    bottom = np.zeros(len(overlap))
    for part, color in zip(parts, colors):
        share = overlap[part].to_numpy() / overlap["sentences"].to_numpy()
        ax.bar(overlap["student"], share, bottom=bottom, color=color, label=part)
        bottom += share
    ax.set_ylim(max(0.0, 1 - 2.5 * (1 - overlap["both right"].min() / overlap["sentences"].max())), 1)
    ax.set_ylabel("share of sentences")
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    save_figure(fig, path)
