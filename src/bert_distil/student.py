"""Train one student (one config entry, one seed) through the shared training loop.

A student is an architecture (how sentences become tensors and logits) plus a loss. Distillation losses
train on the transfer set against the teacher's logits (joined by sentence id); `ce_gold` trains on the
training split's gold labels only. Model selection is on dev; the final metrics also hold the student's
inference speed and its speed-up over the teacher, measured in the same process on the same sentences.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
import torch

from .batching import inference_batches, training_batches
from .inference import classifier_logits, tokenize
from .io import atomic_path, write_csv, write_json
from .logits import load_all_logits, load_teacher
from .losses import Loss
from .metrics import scores
from .models import parameter_counts
from .models.bilstm import BiLSTMClassifier
from .optim import optimizer_and_schedule
from .runtime import config_hash, device, provenance
from .speed import sentences_per_second
from .train import LoopSettings, autocast, fit, seed_everything
from .transfer import read_shards
from .words import Vocabulary, embedding_matrix, load_word_vectors, word_tokens

log = logging.getLogger(__name__)


class WordLevelInput:
    """Sentences → word ids (vocabulary from the transfer set) → padded batches with lengths."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab

    def encode(self, sentences: Sequence[str]) -> list[list[int]]:
        return [self.vocab.encode(word_tokens(s)) for s in sentences]

    @staticmethod
    def collate(encoded: Sequence[list[int]], run_device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        lengths = torch.tensor([len(e) for e in encoded])
        ids = torch.zeros(len(encoded), int(lengths.max()), dtype=torch.long)
        for row, e in enumerate(encoded):
            ids[row, :len(e)] = torch.tensor(e)
        return ids.to(run_device), lengths


def bilstm_from_entry(vectors: torch.Tensor, num_labels: int, entry: dict) -> BiLSTMClassifier:
    return BiLSTMClassifier(vectors, num_labels, hidden=entry["hidden"], fc=entry["fc"], layers=entry["layers"],
                            mode=entry["embedding_mode"], dropout=entry["dropout"])


def build_bilstm(entry: dict, train_sentences: Sequence[str], num_labels: int, word_vectors: dict, seed: int):
    vocab = Vocabulary.build(word_tokens(s) for s in train_sentences)
    spec = word_vectors[entry["word_vectors"]]
    matrix, _ = embedding_matrix(vocab, load_word_vectors(spec["source"], spec["format"], spec.get("limit")), seed)
    return bilstm_from_entry(torch.from_numpy(matrix), num_labels, entry), WordLevelInput(vocab), {"vocab": vocab.words}


ARCHITECTURES = {"bilstm": build_bilstm}


def predict(model, inputs, encoded: Sequence[list[int]], batch_size: int = 256, precision: str = "fp32") -> np.ndarray:
    run_device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    out = None
    with torch.inference_mode(), autocast(precision, run_device):
        for index in inference_batches(np.array([len(e) for e in encoded]), batch_size):
            logits = model(*inputs.collate([encoded[i] for i in index], run_device)).float().cpu().numpy()
            out = np.zeros((len(encoded), logits.shape[1]), np.float32) if out is None else out
            out[index] = logits
    model.train(was_training)
    return out


def training_examples(loss: Loss, train: pd.DataFrame, transfer_shards: Sequence[str],
                      logit_shards: Sequence[str]) -> tuple[list[str], np.ndarray | None, np.ndarray]:
    """(sentences, teacher logits or None, gold labels with -1 where unknown)."""
    if not loss.needs_teacher:
        return train["sentence"].tolist(), None, train["label"].to_numpy()
    transfer = read_shards(transfer_shards)
    by_id = load_all_logits(logit_shards)
    missing = [i for i in transfer["id"] if i not in by_id]
    if missing:
        raise ValueError(f"teacher logits missing for {len(missing)} transfer sentences, e.g. {missing[0]!r}")
    gold = transfer["id"].map(dict(zip(train["id"], train["label"]))).fillna(-1).astype(int).to_numpy()
    return transfer["sentence"].tolist(), np.stack([by_id[i] for i in transfer["id"]]), gold


def train_student(task: str, name: str, entry: dict, seed: int, splits: dict[str, pd.DataFrame],
                  label_names: list[str], metric: str, unlabelled_splits: list[str], word_vectors: dict,
                  transfer_shards: Sequence[str], logit_shards: Sequence[str], teacher_dir: str | None,
                  outputs: dict[str, str], checkpoint: str | Path, speed_batch_size: int = 256) -> dict[str, Any]:
    seed_everything(seed)
    run_device = device()
    loss = Loss(entry["loss"], entry["temperature"], entry["alpha"])
    sentences, teacher_logits, gold = training_examples(loss, splits["train"], transfer_shards, logit_shards)
    model, inputs, extra_state = ARCHITECTURES[entry["arch"]](entry, sentences, len(label_names), word_vectors, seed)
    model.to(run_device)
    encoded = inputs.encode(sentences)
    lengths = np.array([len(e) for e in encoded])
    eval_encoded = {s: inputs.encode(splits[s]["sentence"]) for s in ("dev", "test")}
    targets = torch.from_numpy(teacher_logits) if teacher_logits is not None else None
    gold_t = torch.from_numpy(gold).long()

    def compute_loss(model, index: np.ndarray) -> torch.Tensor:
        student = model(*inputs.collate([encoded[i] for i in index], run_device))
        return loss(student, None if targets is None else targets[index].to(run_device), gold_t[index].to(run_device))

    def evaluate_split(model, split: str) -> dict[str, float]:
        logits = predict(model, inputs, eval_encoded[split])
        return scores(metric, splits[split]["label"].to_numpy(), logits.argmax(axis=1))

    optimizer, scheduler = optimizer_and_schedule(model.parameters(), entry, len(encoded), entry["batch_size"])
    loop = LoopSettings(epochs=entry["epochs"], max_grad_norm=entry["max_grad_norm"], precision=entry["precision"],
                        eval_every=entry["eval_every"], checkpoint_every=entry["checkpoint_every"])
    log.info("student %s/%s seed %d: %s, %s loss, %d training sentences, %d epochs, device %s",
             task, name, seed, entry["arch"], loss.name, len(encoded), entry["epochs"], run_device)
    result = fit(model, optimizer, scheduler,
                 lambda epoch: training_batches(len(encoded), entry["batch_size"], seed, epoch, lengths),
                 compute_loss, lambda m: evaluate_split(m, "dev"), metric, loop, checkpoint,
                 fingerprint=config_hash([entry, seed, len(encoded), task]))
    model.load_state_dict(result.best_state)
    evaluated = {s: None if s in unlabelled_splits else evaluate_split(model, s) for s in ("dev", "test")}
    speed = inference_speed(model, inputs, splits["test"]["sentence"].tolist(), teacher_dir, speed_batch_size)

    with atomic_path(outputs["model"]) as tmp:
        torch.save({"arch": entry["arch"], "entry": entry, "label_names": label_names,
                    "state_dict": model.state_dict(), **extra_state}, tmp)
    counts = parameter_counts(model)
    metrics = {
        "task": task, "model": name, "seed": seed, "metric": metric, "dev": evaluated["dev"],
        "test": evaluated["test"], "best_epoch": result.best_epoch, "epochs": entry["epochs"],
        "train_sentences": len(encoded), "parameters": counts,
        "settings": entry, "provenance": provenance([entry, seed]),
        # how this run went on this machine: not expected to repeat exactly
        "run": {"train_seconds": round(result.train_seconds, 1), "resumed_from_step": result.resumed_from_step,
                **speed},
    }
    write_csv(pd.DataFrame(result.curve), outputs["curve"])
    write_json(metrics, outputs["metrics"])
    Path(checkpoint).unlink(missing_ok=True)
    log.info("student %s/%s seed %d: dev %s test %s, %s", task, name, seed, evaluated["dev"], evaluated["test"], speed)
    return metrics


def inference_speed(model, inputs, sentences: list[str], teacher_dir: str | None, batch_size: int,
                    limit: int = 256) -> dict[str, Any]:
    """Student and teacher sentences/s on the same sentences (the first `limit`) in this process (fp32,
    model forward only, inputs tokenised beforehand, `batch_size` sentences per batch)."""
    sentences = sentences[:limit]
    encoded = inputs.encode(sentences)
    student = sentences_per_second(lambda: predict(model, inputs, encoded, batch_size), len(sentences))
    out = {"inference": {"sentences": len(sentences), "batch_size": batch_size, "precision": "fp32",
                         "threads": torch.get_num_threads(), "student_sentences_per_s": round(student, 1)}}
    if teacher_dir:
        tokenizer, teacher = load_teacher(teacher_dir)
        teacher.to(next(model.parameters()).device)
        ids = tokenize(tokenizer, sentences, 128)
        rate = sentences_per_second(lambda: classifier_logits(teacher, tokenizer, ids, batch_size), len(sentences))
        out["inference"]["teacher_sentences_per_s"] = round(rate, 1)
        out["inference"]["speedup_over_teacher"] = round(student / rate, 2)
    return out


def load_student(path: str | Path, word_vectors: dict | None = None):
    """(model, inputs) from a saved `model.pt` (the vectors are in the state dict; none are reloaded)."""
    saved = torch.load(path, map_location="cpu", weights_only=False)
    entry = saved["entry"]
    if saved["arch"] != "bilstm":
        raise ValueError(f"{path}: unknown architecture {saved['arch']!r}")
    vocab = Vocabulary(saved["vocab"][2:])
    dim = saved["state_dict"]["embedding.weight"].shape[1]
    model = bilstm_from_entry(torch.zeros(len(vocab), dim), len(saved["label_names"]), entry)
    model.load_state_dict(saved["state_dict"])
    return model.eval(), WordLevelInput(vocab)
