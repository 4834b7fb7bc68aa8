"""Optimisers and learning-rate schedules named in config (the seeds use Adam/AdamW/Adadelta, linear
warm-up given as a proportion of steps or as epochs, then linear decay or a constant rate)."""
from __future__ import annotations

from typing import Iterable

import torch

from ..registry import Registry

OPTIMIZERS = Registry("optimizer", {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
                                    "adadelta": torch.optim.Adadelta})


def make_optimizer(params: Iterable[torch.nn.Parameter], name: str, lr: float,
                   weight_decay: float = 0.0, betas: tuple[float, float] | None = None,
                   rho: float | None = None) -> torch.optim.Optimizer:
    optimizer_class = OPTIMIZERS[name]
    kwargs = {"lr": lr, "weight_decay": weight_decay}
    if betas is not None and name != "adadelta":
        kwargs["betas"] = tuple(betas)
    if rho is not None and name == "adadelta":  # Tang et al.: lr 1.0, ρ 0.95 (torch's default ρ is 0.9)
        kwargs["rho"] = rho
    if name in ("adam", "adamw"):
        # One fused kernel per step instead of a loop over tensors: on 2 CPU cores an Adam step over a BERT
        # student with a tuned 30k × 384 embedding takes 16 ms instead of 160 ms (a 135M LM: ~1 s less).
        kwargs["fused"] = True
    return optimizer_class([p for p in params if p.requires_grad], **kwargs)


def warmup_steps(steps_per_epoch: int, total_steps: int, proportion: float | None = None,
                 epochs: float | None = None) -> int:
    if proportion is not None and epochs is not None:
        raise ValueError("give warm-up as a proportion of steps or in epochs, not both")
    if epochs is not None:
        return int(round(epochs * steps_per_epoch))
    return int(round((proportion or 0.0) * total_steps))


def optimizer_and_schedule(params: Iterable[torch.nn.Parameter], settings: dict, examples: int,
                           batch_size: int) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """Optimizer and schedule from a config block (`optimizer`, `lr`, `weight_decay`, `betas`, `rho`, `epochs`,
    `warmup_proportion` or `warmup_epochs`, `decay`) for `examples` per epoch in steps of `batch_size`."""
    steps_per_epoch = -(-examples // batch_size)
    total = steps_per_epoch * settings["epochs"]
    optimizer = make_optimizer(params, settings["optimizer"], settings["lr"], settings["weight_decay"],
                               settings.get("betas"), settings.get("rho"))
    warmup = warmup_steps(steps_per_epoch, total, settings["warmup_proportion"], settings["warmup_epochs"])
    return optimizer, make_scheduler(optimizer, total, warmup, settings["decay"])


def make_scheduler(optimizer: torch.optim.Optimizer, total_steps: int, warmup: int,
                   decay: bool = True) -> torch.optim.lr_scheduler.LambdaLR:
    # imported here: transformers costs seconds to import, and a BiLSTM job needs nothing else from it
    from transformers import get_constant_schedule_with_warmup, get_linear_schedule_with_warmup

    if decay:
        return get_linear_schedule_with_warmup(optimizer, warmup, total_steps)
    return get_constant_schedule_with_warmup(optimizer, warmup)
