"""Train one student (one config entry, one seed) through the shared training loop.

A student is an architecture (how sentences become tensors and logits) plus a loss. Distillation losses
train on the transfer set against the teacher's logits (joined by sentence id); `ce_gold` (`mse_gold` for a
regression task) trains on the training split's gold labels only. A sentence-pair task's rows carry a second
text, read the way the architecture reads pairs. Model selection is on dev. Inference speed is measured
apart, for every deployable form side by side (`deploy.speed`).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
import torch

from ..data.rows import SPLITS
from ..data.tables import split_texts
from ..precision import resolve
from ..runtime import config_hash, data_digest, device, provenance
from ..teacher.logits import load_all_logits
from ..training.batching import training_batches
from ..training.finish import finish_run, restore_best
from ..training.loop import LoopSettings, fit, seed_everything
from ..training.losses import Loss
from ..training.metrics import REGRESSION, parameter_counts, scores_from_logits
from ..training.optim import optimizer_and_schedule
from ..transfer.assemble import read_shards
from .inputs import build_inputs
from .models import build_model, pair_reader
from .saved import predict, save_student

log = logging.getLogger(__name__)


def training_examples(loss: Loss, train: pd.DataFrame, transfer_shards: Sequence[str], logit_shards: Sequence[str]
                      ) -> tuple[pd.DataFrame, np.ndarray | None, np.ndarray]:
    """(rows to train on, teacher logits or None, gold labels as floats, NaN where a row has none: the
    transfer set's augmented rows)."""
    if not loss.needs_teacher:
        return train, None, train["label"].to_numpy(dtype=np.float64)
    transfer = read_shards(transfer_shards)
    by_id = load_all_logits(logit_shards)
    missing = [i for i in transfer["id"] if i not in by_id]
    if missing:
        raise ValueError(f"teacher logits missing for {len(missing)} transfer sentences, e.g. {missing[0]!r}")
    gold = transfer["id"].map(dict(zip(train["id"], train["label"]))).to_numpy(dtype=np.float64)
    return transfer, np.stack([by_id[i] for i in transfer["id"]]), gold


def texts(frame: pd.DataFrame) -> tuple[list[str], list[str] | None]:
    first, second = split_texts(frame)
    return first.tolist(), None if second is None else second.tolist()


def train_student(task: str, name: str, entry: dict, seed: int, splits: dict[str, pd.DataFrame],
                  label_names: list[str], metric: str, unlabelled_splits: list[str], word_vectors: dict,
                  transfer_shards: Sequence[str], logit_shards: Sequence[str], teacher_dir: str | None,
                  outputs: dict[str, str], checkpoint: str | Path, task_type: str = "classification", pairs: bool = False) -> dict[str, Any]:
    seed_everything(seed)
    run_device = device()
    precision = resolve(entry["precision"], run_device)
    loss = Loss(entry["loss"], entry["temperature"], entry["alpha"], regression=task_type == REGRESSION)
    rows, teacher_logits, gold = training_examples(loss, splits["train"], transfer_shards, logit_shards)
    first, second = texts(rows)
    if (second is not None) != pairs:
        raise ValueError(f"task {task} is {'a sentence-pair' if pairs else 'a single-sentence'} task, but its "
                         f"training rows {'lack' if pairs else 'have'} a second text (sentence2)")
    inputs, vectors = build_inputs(entry, first + (second or []), word_vectors, teacher_dir, seed,
                                   pair_reader(entry["arch"], pairs))
    model = build_model(entry["arch"], vectors, len(label_names), entry, pairs).to(run_device)
    encoded = inputs.encode(first, second)
    lengths = np.array([len(e) for e in encoded])
    eval_encoded = {s: inputs.encode(*texts(frame)) for s, frame in splits.items() if s != "train"}
    targets = torch.from_numpy(teacher_logits) if teacher_logits is not None else None
    gold_t = torch.tensor(gold, dtype=torch.float32)  # a copy: pandas may hand out a read-only array

    def compute_loss(model, index: np.ndarray) -> torch.Tensor:
        student = model(*inputs.collate([encoded[i] for i in index], run_device))
        return loss(student, None if targets is None else targets[index].to(run_device), gold_t[index].to(run_device))

    def evaluate_split(model, split: str) -> dict[str, float]:
        logits = predict(model, inputs, eval_encoded[split])
        return scores_from_logits(metric, splits[split]["label"].to_numpy(), logits)

    optimizer, scheduler = optimizer_and_schedule(model.parameters(), entry, len(encoded), entry["batch_size"])
    loop = LoopSettings(epochs=entry["epochs"], max_grad_norm=entry["max_grad_norm"], precision=precision,
                        eval_every=entry["eval_every"], checkpoint_every=entry["checkpoint_every"],
                        patience=entry["patience"])
    log.info("student %s/%s seed %d: %s%s, %s loss, %d training %s, %d epochs, device %s, %s", task, name, seed,
             entry["arch"], f" ({inputs.pair_reader} pairs)" if pairs else "", loss.name, len(encoded),
             "pairs" if pairs else "sentences", entry["epochs"], run_device, precision)
    result = fit(model, optimizer, scheduler,
                 lambda epoch: training_batches(len(encoded), entry["batch_size"], seed, epoch, lengths),
                 compute_loss, lambda m: evaluate_split(m, "dev"), metric, loop, checkpoint,
                 fingerprint=config_hash([entry, seed, len(encoded), task, precision,
                                           data_digest(first, second, teacher_logits, gold)]))
    restore_best(model, result)
    # dev was scored at the best evaluation on exactly these weights: its scores are reused, not recomputed
    evaluated = {"dev": dict(result.best_scores),
                 "test": None if "test" in unlabelled_splits else evaluate_split(model, "test")}
    extra = {s: evaluate_split(model, s) for s in eval_encoded if s not in SPLITS}  # MNLI mismatched
    metrics = {
        "task": task, "model": name, "seed": seed, "metric": metric, "task_type": task_type, "pairs": pairs,
        "dev": evaluated["dev"], "test": evaluated["test"], "extra": extra, "best_epoch": result.best_epoch,
        "epochs": entry["epochs"], "train_sentences": len(encoded), "parameters": parameter_counts(model),
        "precision": precision, "settings": entry, "provenance": provenance([entry, seed]),
    }
    metrics = finish_run(result, lambda: save_student(outputs["model"], model, entry, label_names, inputs, task_type),
                         metrics, outputs["curve"], outputs["metrics"], checkpoint)
    log.info("student %s/%s seed %d: dev %s test %s", task, name, seed, evaluated["dev"], evaluated["test"])
    return metrics
