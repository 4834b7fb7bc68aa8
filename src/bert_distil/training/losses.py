"""Distillation losses. Each takes student logits and a batch's targets and returns a scalar.

- `mse`: Tang et al.'s loss on raw logits, Σ over classes of the squared difference, mean over the batch.
- `kl`: KL(softmax(z_t/T) ‖ softmax(z_s/T)) · T² (Hinton et al.; Sučík's BERT student uses T = 3); the
  T² keeps gradient magnitudes comparable across temperatures.
- `hard`: cross-entropy on the teacher's argmax ("hard logits").
- `ce_gold`: cross-entropy on gold labels (the undistilled baseline).
Any teacher loss can be mixed with gold cross-entropy as α·CE_gold + (1 − α)·L_teacher (Tang eq. 3).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
import torch.nn.functional as F

from ..registry import Registry


def mse(student: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    return (student - teacher).pow(2).sum(dim=-1).mean()


def kl(student: torch.Tensor, teacher: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    log_p_student = F.log_softmax(student / temperature, dim=-1)
    p_teacher = F.softmax(teacher / temperature, dim=-1)
    return F.kl_div(log_p_student, p_teacher, reduction="batchmean") * temperature ** 2


def gold_ce(student: torch.Tensor, gold: torch.Tensor) -> torch.Tensor:
    """Cross-entropy over the examples that have a gold label (augmented sentences carry -1)."""
    known = gold >= 0
    if not known.any():
        return student.sum() * 0.0
    return F.cross_entropy(student[known], gold[known])


def hard(student: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(student, teacher.argmax(dim=-1))


@dataclass(frozen=True)
class Objective:
    """A registered loss: `compute(student, teacher, gold, temperature)`, and whether it reads the teacher's
    logits (then it can be mixed with gold cross-entropy through `alpha`)."""
    compute: Callable[[torch.Tensor, torch.Tensor | None, torch.Tensor | None, float], torch.Tensor]
    needs_teacher: bool


LOSSES = Registry("loss", {
    "mse": Objective(lambda student, teacher, gold, temperature: mse(student, teacher), True),
    "kl": Objective(lambda student, teacher, gold, temperature: kl(student, teacher, temperature), True),
    "hard": Objective(lambda student, teacher, gold, temperature: hard(student, teacher), True),
    "ce_gold": Objective(lambda student, teacher, gold, temperature: gold_ce(student, gold), False),
})


@dataclass(frozen=True)
class Loss:
    """A student's training objective, from its config entry (`loss`, `temperature`, `alpha`)."""
    name: str
    temperature: float = 1.0
    alpha: float = 0.0  # weight of gold-label cross-entropy mixed into a teacher loss

    def __post_init__(self):
        LOSSES[self.name]  # an unknown name fails here, naming the known ones
        if not 0.0 <= self.alpha <= 1.0:
            raise ValueError(f"alpha must be in [0, 1], got {self.alpha}")

    @property
    def needs_teacher(self) -> bool:
        return LOSSES[self.name].needs_teacher

    @property
    def needs_gold(self) -> bool:
        return not self.needs_teacher or self.alpha > 0

    def __call__(self, student: torch.Tensor, teacher: torch.Tensor | None = None,
                 gold: torch.Tensor | None = None) -> torch.Tensor:
        student = student.float()  # losses in fp32 also under bf16 autocast
        objective = LOSSES[self.name]
        term = objective.compute(student, teacher, gold, self.temperature)
        if not objective.needs_teacher or self.alpha == 0:
            return term
        return self.alpha * gold_ce(student, gold) + (1 - self.alpha) * term
