"""Fine-tune the teacher: `AutoModelForSequenceClassification` on the task's training split with the
seeds' recipe (Adam(W), linear warm-up then decay, gradient accumulation, dynamic padding, dev evaluation
during training, best checkpoint kept), through the shared training loop."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from ..assets import resolve_model_path
from ..data.rows import SPLITS
from ..data.tables import split_texts
from ..inference import classifier_logits, collate, tokenize
from ..io import save_pretrained
from ..precision import resolve
from ..runtime import config_hash, data_digest, device, provenance
from ..training.batching import training_batches
from ..training.finish import finish_run, restore_best
from ..training.loop import LoopSettings, fit, seed_everything
from ..training.metrics import CLASSIFICATION, REGRESSION, parameter_counts, scores_from_logits, task_type_of
from ..training.optim import optimizer_and_schedule

log = logging.getLogger(__name__)


@dataclass
class TeacherSettings:
    """The `teacher:` block of the config (descriptions and defaults in workflow/schemas/config.schema.yaml)."""
    model: str
    max_length: int
    batch_size: int
    grad_accum: int
    optimizer: str
    lr: float
    weight_decay: float
    warmup_proportion: float | None
    warmup_epochs: float | None
    decay: bool
    epochs: int
    max_grad_norm: float | None
    precision: str
    eval_every: int | None
    checkpoint_every: int
    eval_batch_size: int
    seed: int
    patience: int | None = None  # dev evaluations without improvement before stopping (None: to the cap)


def load_classifier(spec: str, label_names: list[str], task_type: str = CLASSIFICATION):
    """The pre-trained model with a fresh head: one output per class, or one output trained with MSE
    (transformers' `problem_type: regression`) for a regression task."""
    path = resolve_model_path(spec)
    tokenizer = AutoTokenizer.from_pretrained(path)
    extra = {"problem_type": "regression"} if task_type == REGRESSION else {}
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=1 if task_type == REGRESSION else len(label_names), id2label=dict(enumerate(label_names)),
        label2id={name: i for i, name in enumerate(label_names)}, ignore_mismatched_sizes=True, **extra)
    return tokenizer, model



def fine_tune(task: str, settings: TeacherSettings, splits: dict[str, pd.DataFrame], label_names: list[str],
              metric: str, unlabelled_splits: list[str], model_out: str | Path, metrics_out: str | Path,
              curve_out: str | Path, checkpoint: str | Path, task_type: str = CLASSIFICATION) -> dict[str, Any]:
    """Pairs (splits with `sentence2`) are read as `[CLS] A [SEP] B [SEP]` with segment ids; a regression
    task (float labels) trains a one-output head with MSE and is selected on its (correlation) metric. Splits
    other than train/dev/test (MNLI's dev_mismatched) are scored at the end, under `extra`."""
    if task_type_of(metric) != task_type:
        raise ValueError(f"metric {metric!r} is a {task_type_of(metric)} metric, but task {task} is {task_type}")
    seed_everything(settings.seed)
    run_device = device()
    precision = resolve(settings.precision, run_device)
    tokenizer, model = load_classifier(settings.model, label_names, task_type)
    model.to(run_device)
    pairs = split_texts(splits["train"])[1] is not None

    def encode(frame: pd.DataFrame) -> list[list[int]]:
        first, second = split_texts(frame)
        return tokenize(tokenizer, first, settings.max_length, second)

    ids = {name: encode(frame) for name, frame in splits.items()}
    train_labels = torch.tensor(splits["train"]["label"].to_numpy(),
                                dtype=torch.float32 if task_type == REGRESSION else torch.long)
    train_lengths = np.array([len(t) for t in ids["train"]])

    def batches_for_epoch(epoch: int) -> list[np.ndarray]:
        return training_batches(len(train_lengths), settings.batch_size, settings.seed, epoch, train_lengths)

    def compute_loss(model, index: np.ndarray) -> torch.Tensor:
        inputs = collate(tokenizer, [ids["train"][i] for i in index], run_device, pairs)
        return model(**inputs, labels=train_labels[index].to(run_device)).loss

    def evaluate_split(model, name: str) -> dict[str, float]:
        logits = classifier_logits(model, tokenizer, ids[name], settings.eval_batch_size, precision, pairs=pairs)
        return scores_from_logits(metric, splits[name]["label"].to_numpy(), logits)

    optimizer, scheduler = optimizer_and_schedule(model.parameters(), vars(settings), len(train_lengths),
                                                  settings.batch_size * settings.grad_accum)
    loop = LoopSettings(epochs=settings.epochs, grad_accum=settings.grad_accum,
                        max_grad_norm=settings.max_grad_norm, precision=precision,
                        eval_every=settings.eval_every, checkpoint_every=settings.checkpoint_every,
                        patience=settings.patience)
    log.info("fine-tuning %s on %s: %d sentences, %d epochs, device %s, %s",
             settings.model, task, len(train_lengths), settings.epochs, run_device, precision)
    result = fit(model, optimizer, scheduler, batches_for_epoch, compute_loss,
                 lambda m: evaluate_split(m, "dev"), metric, loop, checkpoint,
                 fingerprint=config_hash([vars(settings), label_names, len(train_lengths), precision,
                                           data_digest(ids["train"], train_labels)]))

    restore_best(model, result)
    # dev was scored at the best evaluation on exactly these weights: its scores are reused, not recomputed;
    # a grid candidate has no test split (only the winner is tested)
    evaluated = {"dev": dict(result.best_scores),
                 "test": None if "test" in unlabelled_splits or "test" not in splits else evaluate_split(model, "test")}
    extra = {name: evaluate_split(model, name) for name in splits if name not in SPLITS}
    metrics = {
        "task": task, "model": "teacher", "base_model": settings.model, "metric": metric, "task_type": task_type,
        "pairs": pairs,
        "dev": evaluated["dev"], "test": evaluated["test"], "extra": extra,
        "best_epoch": result.best_epoch, "best_step": result.best_step, "epochs": settings.epochs,
        "parameters": parameter_counts(model), "train_size": len(train_lengths), "precision": precision,
        "settings": vars(settings), "provenance": provenance(vars(settings)),
    }
    metrics = finish_run(result, lambda: save_pretrained(model_out, model, tokenizer), metrics, curve_out,
                         metrics_out, checkpoint)
    log.info("teacher %s: dev %s, test %s", task, evaluated["dev"], evaluated["test"])
    return metrics
