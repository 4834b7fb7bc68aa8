"""The distillation guard. A distilled student learns the teacher's function, so it can only beat a student
trained on the gold labels alone when the teacher itself does: on a many-class task a teacher trained with a
recipe written for another model can end below a gold-label BiLSTM, and then distillation loses whatever
else is done. Teacher and gold baseline are compared on dev (the split every model is selected on; test
stays held out), and the verdict goes where a user looks: the job log, the task summary, its figure and
each distilled student's metrics.json."""
from __future__ import annotations

from typing import Any


def teacher_margin(teacher: dict, baseline: dict) -> dict[str, Any]:
    """The teacher's dev score minus the gold-label baseline's (mean over its seeds), on the task metric.
    `teacher` is the teacher's metrics.json, `baseline` a gold-label student's aggregated metrics.json."""
    metric = teacher["metric"]
    teacher_score = teacher["dev"][metric]
    baseline_score = baseline["dev"][metric]["mean"]
    return {"metric": metric, "split": "dev", "baseline": baseline["model"], "teacher": teacher_score,
            "baseline_score": baseline_score, "margin": teacher_score - baseline_score}


def guard_warning(task: str, margin: dict[str, Any]) -> str | None:
    """One line when the teacher does not beat the gold-label baseline on dev; None when it does."""
    if margin["margin"] > 0:
        return None
    return (f"WARNING {task}: the teacher does not beat the gold-label student {margin['baseline']} on dev "
            f"({margin['metric']} {margin['teacher']:.4g} vs {margin['baseline_score']:.4g}): distilling it cannot "
            f"be expected to help; improve the teacher first (teacher.lr/epochs grid, patience)")
