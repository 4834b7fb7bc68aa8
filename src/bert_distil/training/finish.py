"""The end of every training run (teacher, LM, students), written once: the best state back into the
model, the model saved, `curve.csv`, `metrics.json` with where training stopped and why (`stopped_epoch`, `stop_reason`: the cap or
patience) and a closing `run` block (how this run went on this
machine: not expected to repeat exactly), and the resumable checkpoint deleted (nothing is left to resume)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pandas as pd
import torch

from ..io import write_csv, write_json
from .loop import FitResult


def restore_best(model: torch.nn.Module, result: FitResult) -> torch.nn.Module:
    """Load the state of the best dev evaluation into `model` (before the final evaluation and saving)."""
    model.load_state_dict(result.best_state)
    return model


def finish_run(result: FitResult, save_model: Callable[[], None], metrics: dict[str, Any],
               curve_out: str | Path, metrics_out: str | Path, checkpoint: str | Path,
               **run: Any) -> dict[str, Any]:
    """Save the model (`save_model()`), write the curve and `metrics` with `run` = train seconds, the step
    resumed from and `run`'s extra entries, then delete `checkpoint`. Returns the metrics written."""
    save_model()
    metrics = {**metrics, **result.stop_record(), "run": {"train_seconds": round(result.train_seconds, 1),
                                  "resumed_from_step": result.resumed_from_step, **run}}
    write_csv(pd.DataFrame(result.curve), curve_out)
    write_json(metrics, metrics_out)
    Path(checkpoint).unlink(missing_ok=True)
    return metrics
