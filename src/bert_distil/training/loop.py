"""The one training loop: every model (teacher, BiLSTM and BERT students) and every loss goes through `fit`.

A model is trained from three callables the caller supplies: `batches_for_epoch(epoch)` (a pure function
of seed and epoch), `compute_loss(model, batch)` and `evaluate(model) -> dev scores`. The loop evaluates
on dev once per epoch (and every `eval_every` optimizer steps if set), keeps the best state by the
selection metric, and writes a checkpoint holding model, optimizer, scheduler, RNG states, epoch and
position within the epoch, so a killed run resumes where it stopped and ends with the same result.

`epochs` is a cap: with `patience` set, training stops once that many dev evaluations in a row have not
beaten the best one (the seeds' "train to convergence"; a fixed epoch count compares students stopped at
arbitrary points). The result says where it stopped and why; the best state is what the caller restores.
"""
from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import torch
from tqdm import tqdm

from ..io import atomic_path
from ..precision import autocast

log = logging.getLogger(__name__)


@dataclass
class LoopSettings:
    epochs: int
    grad_accum: int = 1
    max_grad_norm: float | None = None
    precision: str = "fp32"  # resolved (precision.resolve): "bf16" autocasts matmuls (fp32 master weights)
    eval_every: int | None = None  # optimizer steps between dev evaluations; None: once per epoch
    checkpoint_every: int = 200  # optimizer steps between checkpoints (also at every epoch end)
    patience: int | None = None  # dev evaluations without a better score before stopping; None: run to the cap


@dataclass
class FitResult:
    best_state: dict[str, torch.Tensor]
    best_scores: dict[str, float]
    best_epoch: int
    best_step: int
    curve: list[dict[str, Any]]
    train_seconds: float
    resumed_from_step: int | None = None
    stopped_epoch: float = 0.0  # where training ended (fractional with `eval_every`)
    stop_reason: str = "epochs"  # "epochs": ran to the cap; "patience": dev stopped improving

    def stop_record(self) -> dict[str, Any]:
        """The fields every training job's metrics.json carries about how its training ended."""
        return {"stopped_epoch": self.stopped_epoch, "stop_reason": self.stop_reason}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _rng_state() -> dict[str, Any]:
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _cpu_copy(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu", copy=True) for k, v in state.items()}


@dataclass
class _Progress:
    """Everything besides model/optimizer/scheduler that a resumed run needs."""
    epoch: int = 0
    batch: int = 0  # next batch index within `epoch`
    step: int = 0  # optimizer steps so far
    best_score: float = float("-inf")
    best_scores: dict[str, float] = field(default_factory=dict)
    best_epoch: int = -1
    best_step: int = -1
    best_state: dict[str, torch.Tensor] | None = None
    curve: list[dict[str, Any]] = field(default_factory=list)
    loss_sum: float = 0.0  # training loss since the last curve row
    loss_count: int = 0
    seconds: float = 0.0
    evaluations_since_best: int = 0
    stopped: bool = False  # patience ran out (a resumed run of a finished-but-unsaved job stops again)


def fit(model: torch.nn.Module, optimizer: torch.optim.Optimizer, scheduler: Any,
        batches_for_epoch: Callable[[int], Sequence[Any]],
        compute_loss: Callable[[torch.nn.Module, Any], torch.Tensor],
        evaluate: Callable[[torch.nn.Module], dict[str, float]], select: str,
        settings: LoopSettings, checkpoint: str | Path | None = None, fingerprint: str = "",
        stop_after_steps: int | None = None) -> FitResult:
    """Train `model`; see the module docstring. `fingerprint` identifies the run's settings: a
    checkpoint written under another fingerprint is ignored (it belongs to a different experiment).
    `stop_after_steps` ends the run early after a checkpoint (used to test resumption)."""
    device = next(model.parameters()).device
    checkpoint = Path(checkpoint) if checkpoint else None
    progress = _Progress()
    resumed_from = None
    if checkpoint and checkpoint.exists():
        saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
        if saved.get("fingerprint") == fingerprint:
            model.load_state_dict(saved["model"])
            optimizer.load_state_dict(saved["optimizer"])
            scheduler.load_state_dict(saved["scheduler"])
            _set_rng_state(saved["rng"])
            progress = saved["progress"]
            resumed_from = progress.step
            log.info("resumed from %s at epoch %d, batch %d (step %d)",
                     checkpoint, progress.epoch, progress.batch, progress.step)
        else:
            log.warning("ignoring %s: written for other settings", checkpoint)

    def save_checkpoint() -> None:
        if checkpoint is None:
            return
        with atomic_path(checkpoint) as tmp:
            torch.save({"fingerprint": fingerprint, "model": model.state_dict(),
                        "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                        "rng": _rng_state(), "progress": progress}, tmp)

    def record(epoch_float: float) -> None:
        model.eval()
        scores = evaluate(model)
        model.train()
        row = {"epoch": round(epoch_float, 4), "step": progress.step,
               "train_loss": progress.loss_sum / max(progress.loss_count, 1),
               "lr": scheduler.get_last_lr()[0], **{f"dev_{k}": v for k, v in scores.items()}}
        progress.curve.append(row)
        progress.loss_sum, progress.loss_count = 0.0, 0
        log.info("epoch %.2f step %d: %s", epoch_float, progress.step,
                 ", ".join(f"{k}={v:.4g}" for k, v in row.items() if k not in ("epoch", "step")))
        if scores[select] > progress.best_score:
            progress.best_score, progress.best_scores = scores[select], scores
            progress.best_epoch, progress.best_step = int(np.ceil(epoch_float)), progress.step
            progress.best_state = _cpu_copy(model.state_dict())
            progress.evaluations_since_best = 0
        else:
            progress.evaluations_since_best += 1
        if settings.patience is not None and progress.evaluations_since_best >= settings.patience:
            progress.stopped = True
            log.info("stopping at epoch %.2f: %d dev evaluations without beating %s=%.4g (epoch %d)",
                     epoch_float, progress.evaluations_since_best, select, progress.best_score, progress.best_epoch)

    started = time.perf_counter() - progress.seconds
    model.train()
    for epoch in range(progress.epoch, settings.epochs):
        if progress.stopped:
            break
        batches = batches_for_epoch(epoch)
        bar = tqdm(total=len(batches), initial=progress.batch, desc=f"epoch {epoch + 1}/{settings.epochs}",
                   mininterval=10, dynamic_ncols=False)
        for index in range(progress.batch, len(batches)):
            with autocast(settings.precision, device):
                loss = compute_loss(model, batches[index])
            (loss / settings.grad_accum).backward()
            progress.loss_sum += float(loss.detach())
            progress.loss_count += 1
            bar.update(1)
            if (index + 1) % settings.grad_accum and index + 1 < len(batches):
                continue
            if settings.max_grad_norm:
                torch.nn.utils.clip_grad_norm_(model.parameters(), settings.max_grad_norm)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            progress.step += 1
            progress.batch = index + 1
            if settings.eval_every and progress.step % settings.eval_every == 0 and index + 1 < len(batches):
                record(epoch + (index + 1) / len(batches))
            if progress.stopped:
                break
            if progress.step % settings.checkpoint_every == 0:
                progress.seconds = time.perf_counter() - started
                save_checkpoint()
                if stop_after_steps is not None and progress.step >= stop_after_steps:
                    raise StoppedEarly(progress.step)
        bar.close()
        if progress.stopped:  # patience ran out at an evaluation within the epoch
            progress.seconds = time.perf_counter() - started
            save_checkpoint()
            break
        record(epoch + 1)
        progress.epoch, progress.batch = epoch + 1, 0
        progress.seconds = time.perf_counter() - started
        save_checkpoint()
    if progress.best_state is None:
        raise RuntimeError("training ran no evaluation (zero epochs?)")
    last = progress.curve[-1]["epoch"]
    if settings.patience is not None and not progress.stopped and progress.best_step == progress.step:
        # patience asked for convergence, but the cap came first while dev was still rising: say so, the
        # number reported is that of a run stopped by its budget, not a converged one
        log.warning("dev %s still improving at the cap (epoch %g, best %.4g at the last evaluation): "
                    "not converged; a larger `epochs` may score higher", select, last, progress.best_score)
    return FitResult(progress.best_state, progress.best_scores, progress.best_epoch, progress.best_step,
                     progress.curve, time.perf_counter() - started, resumed_from, stopped_epoch=last,
                     stop_reason="patience" if progress.stopped else "epochs")


class StoppedEarly(Exception):
    """Raised by `fit(..., stop_after_steps=k)` right after a checkpoint, standing in for a killed job."""

    def __init__(self, step: int):
        super().__init__(f"stopped after step {step}")
        self.step = step
