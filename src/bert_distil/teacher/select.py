"""Teacher selection on dev: when the teacher's lr, epochs, warm-up or batch size is a list, every
combination is fine-tuned as a candidate (its own job, scored on dev only) and the best dev score wins. The
winner is copied to where the single teacher would be (`results/{task}/teacher/`), so everything downstream
reads one teacher however it was chosen, and only the winner is scored on test: the test split never
influences the choice."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from ..data.tables import split_texts
from ..io import atomic_path, read_json, write_json
from ..precision import resolve
from ..runtime import device
from ..training.metrics import scores_from_logits
from .model import teacher_scorer

log = logging.getLogger(__name__)


def best_candidate(candidates: dict[str, dict]) -> str:
    """The candidate with the best dev score on the task metric; on a tie, the first in grid order."""
    return max(candidates, key=lambda name: candidates[name]["dev"][candidates[name]["metric"]])


def select_teacher(task: str, candidate_dirs: dict[str, str | Path], test: pd.DataFrame, unlabelled_splits: list[str],
                   model_out: str | Path, metrics_out: str | Path, curve_out: str | Path,
                   extra: dict[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """Copy the best candidate (folder with model/, metrics.json, curve.csv) to the teacher's outputs and
    score it on test and on the task's labelled `extra` splits (MNLI's dev_mismatched); its metrics.json lists
    every candidate's dev score under `selection`."""
    candidates = {name: read_json(Path(folder) / "metrics.json") for name, folder in candidate_dirs.items()}
    winner = best_candidate(candidates)
    metrics = dict(candidates[winner])
    metric, chosen = metrics["metric"], Path(candidate_dirs[winner])
    log.info("teacher %s: candidate %s wins on dev (%s): %s", task, winner, metric,
             ", ".join(f"{n} {m['dev'][metric]:.4g}" for n, m in candidates.items()))
    with atomic_path(model_out, directory=True) as tmp:
        shutil.copytree(chosen / "model", tmp, dirs_exist_ok=True)
    shutil.copyfile(chosen / "curve.csv", curve_out)
    scored = {**({} if "test" in unlabelled_splits else {"test": test}), **(extra or {})}
    scores = {}
    if scored:
        precision = resolve(metrics["settings"]["precision"], device())
        score = teacher_scorer(model_out, metrics["settings"]["eval_batch_size"], precision,
                               metrics["settings"]["max_length"])
        scores = {name: scores_from_logits(metric, frame["label"].to_numpy(), score(*split_texts(frame)))
                  for name, frame in scored.items()}
    metrics["test"] = scores.pop("test", None)
    metrics["extra"] = scores
    metrics["selection"] = {"candidate": winner, "split": "dev", "metric": metric,
                            "candidates": {n: m["dev"][metric] for n, m in candidates.items()}}
    write_json(metrics, metrics_out)
    log.info("teacher %s (%s): dev %s, test %s", task, winner, metrics["dev"], metrics["test"])
    return metrics
