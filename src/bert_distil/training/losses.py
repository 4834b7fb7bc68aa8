"""Distillation losses. Each takes student logits and a batch's targets and returns a scalar.

- `mse`: Tang et al.'s loss on raw logits, Σ over classes of the squared difference, mean over the batch.
- `kl`: KL(softmax(z_t/T) ‖ softmax(z_s/T)) · T² (Hinton et al.; Sučík's BERT student uses T = 3); the
  T² keeps gradient magnitudes comparable across temperatures.
- `hard`: cross-entropy on the teacher's argmax ("hard logits").
- `ce_gold`: cross-entropy on gold labels (the undistilled baseline of a classification task).
- `mse_gold`: squared error on gold scores (the undistilled baseline of a regression task).
Any teacher loss can be mixed with a gold term as α·L_gold + (1 − α)·L_teacher (Tang eq. 3), where the gold
term reads the gold label on training rows and, on transfer rows that have none (augmented sentences), the
teacher's own answer: its argmax for classes, its score for regression. Gold labels arrive as floats with
NaN where a row has none.
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
    """Cross-entropy over the examples that have a gold label (NaN: none)."""
    known = ~gold.isnan()
    if not known.any():
        return student.sum() * 0.0
    return F.cross_entropy(student[known], gold[known].long())


def gold_mse(student: torch.Tensor, gold: torch.Tensor) -> torch.Tensor:
    """Squared error of a regression head (one output) over the examples that have a gold score."""
    known = ~gold.isnan()
    if not known.any():
        return student.sum() * 0.0
    return (student[known, 0] - gold[known]).pow(2).mean()


def gold_or_teacher(gold: torch.Tensor, teacher: torch.Tensor, regression: bool) -> torch.Tensor:
    """Tang eq. 3's hard targets: the gold label where a row has one, else the teacher's answer."""
    answer = teacher[:, 0] if regression else teacher.argmax(dim=-1).to(gold.dtype)
    return torch.where(gold.isnan(), answer, gold)


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
    "mse_gold": Objective(lambda student, teacher, gold, temperature: gold_mse(student, gold), False),
})
GOLD_LOSSES = tuple(name for name, objective in LOSSES.items() if not objective.needs_teacher)


@dataclass(frozen=True)
class Loss:
    """A student's training objective, from its config entry (`loss`, `temperature`, `alpha`)."""
    name: str
    temperature: float = 1.0
    alpha: float = 0.0  # weight of the gold term mixed into a teacher loss
    regression: bool = False  # the gold term of a mixture: squared error on scores, not cross-entropy

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
        targets = gold_or_teacher(gold, teacher, self.regression)
        gold_term = gold_mse(student, targets) if self.regression else gold_ce(student, targets)
        return self.alpha * gold_term + (1 - self.alpha) * term
