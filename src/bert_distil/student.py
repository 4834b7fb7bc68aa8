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

from .batching import training_batches
from .inference import batched_logits, classifier_logits, tokenize
from .inputs import WordpieceInput, build_inputs, inputs_from_state
from .io import atomic_path, write_csv, write_json
from .logits import load_all_logits, load_teacher
from .losses import Loss
from .metrics import scores
from .models import parameter_counts
from .models.bert import BertStudent
from .models.bilstm import BiLSTMClassifier
from .optim import optimizer_and_schedule
from .precision import resolve
from .runtime import config_hash, device, provenance
from .speed import sentences_per_second
from .train import LoopSettings, fit, seed_everything
from .transfer import read_shards

log = logging.getLogger(__name__)


def build_model(arch: str, vectors: torch.Tensor, num_labels: int, entry: dict) -> torch.nn.Module:
    """The student network for a config entry, its embeddings starting from `vectors`."""
    if arch == "bilstm":
        return BiLSTMClassifier(vectors, num_labels, hidden=entry["hidden"], fc=entry["fc"], layers=entry["layers"],
                                mode=entry["embedding_mode"], dropout=entry["dropout"])
    if arch == "bert":
        return BertStudent(vectors, num_labels, layers=entry["layers"], hidden=entry["hidden"],
                           intermediate=entry["intermediate"], heads=entry["heads"], mode=entry["embedding_mode"],
                           max_length=entry["max_length"], dropout=entry["dropout"])
    raise ValueError(f"unknown architecture {arch!r}")


def predict(model, inputs, encoded: Sequence[list[int]], batch_size: int = 256, precision: str = "fp32") -> np.ndarray:
    """Student logits (float32, input order) for sentences encoded by `inputs`."""
    return batched_logits(model, lambda batch, device: model(*inputs.collate(batch, device)), encoded,
                          batch_size, precision)


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
    precision = resolve(entry["precision"], run_device)
    loss = Loss(entry["loss"], entry["temperature"], entry["alpha"])
    sentences, teacher_logits, gold = training_examples(loss, splits["train"], transfer_shards, logit_shards)
    inputs, vectors = build_inputs(entry, sentences, word_vectors, teacher_dir, seed)
    model = build_model(entry["arch"], vectors, len(label_names), entry).to(run_device)
    encoded = inputs.encode(sentences)
    lengths = np.array([len(e) for e in encoded])
    eval_encoded = {s: inputs.encode(splits[s]["sentence"]) for s in ("dev", "test")}
    targets = torch.from_numpy(teacher_logits) if teacher_logits is not None else None
    gold_t = torch.tensor(gold, dtype=torch.long)  # a copy: pandas may hand out a read-only array

    def compute_loss(model, index: np.ndarray) -> torch.Tensor:
        student = model(*inputs.collate([encoded[i] for i in index], run_device))
        return loss(student, None if targets is None else targets[index].to(run_device), gold_t[index].to(run_device))

    def evaluate_split(model, split: str) -> dict[str, float]:
        logits = predict(model, inputs, eval_encoded[split])
        return scores(metric, splits[split]["label"].to_numpy(), logits.argmax(axis=1))

    optimizer, scheduler = optimizer_and_schedule(model.parameters(), entry, len(encoded), entry["batch_size"])
    loop = LoopSettings(epochs=entry["epochs"], max_grad_norm=entry["max_grad_norm"], precision=precision,
                        eval_every=entry["eval_every"], checkpoint_every=entry["checkpoint_every"])
    log.info("student %s/%s seed %d: %s, %s loss, %d training sentences, %d epochs, device %s, %s",
             task, name, seed, entry["arch"], loss.name, len(encoded), entry["epochs"], run_device, precision)
    result = fit(model, optimizer, scheduler,
                 lambda epoch: training_batches(len(encoded), entry["batch_size"], seed, epoch, lengths),
                 compute_loss, lambda m: evaluate_split(m, "dev"), metric, loop, checkpoint,
                 fingerprint=config_hash([entry, seed, len(encoded), task, precision]))
    model.load_state_dict(result.best_state)
    evaluated = {s: None if s in unlabelled_splits else evaluate_split(model, s) for s in ("dev", "test")}
    speed = inference_speed(model, inputs, splits["test"]["sentence"].tolist(), teacher_dir, speed_batch_size)

    with atomic_path(outputs["model"]) as tmp:
        torch.save({"arch": entry["arch"], "entry": entry, "label_names": label_names,
                    "state_dict": model.state_dict(), "input": inputs.state()}, tmp)
    counts = parameter_counts(model)
    metrics = {
        "task": task, "model": name, "seed": seed, "metric": metric, "dev": evaluated["dev"],
        "test": evaluated["test"], "best_epoch": result.best_epoch, "epochs": entry["epochs"],
        "train_sentences": len(encoded), "parameters": counts, "precision": precision,
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


def load_student(path: str | Path):
    """(model, inputs) from a saved `model.pt`: the embeddings are in the state dict and the vocabulary or
    tokenizer in the file, so neither the word vectors nor the teacher are needed."""
    return _student_from_saved(torch.load(path, map_location="cpu", weights_only=False))


def _student_from_saved(saved: dict):
    inputs = inputs_from_state(saved["input"])
    shape = saved["state_dict"]["embed.tuned.weight"].shape
    model = build_model(saved["arch"], torch.zeros(shape), len(saved["label_names"]), saved["entry"])
    model.load_state_dict(saved["state_dict"])
    return model.eval(), inputs


def export_hf(model_path: str | Path, out: str | Path) -> None:
    """A BERT student as a Hugging Face folder (model, config with label names, tokenizer for wordpiece
    input; the word vocabulary as `words.txt` for word-vector input)."""
    saved = torch.load(model_path, map_location="cpu", weights_only=False)
    if saved["arch"] != "bert":
        raise ValueError(f"{model_path}: only BERT students export to a Hugging Face folder, not {saved['arch']!r}")
    model, inputs = _student_from_saved(saved)
    hf = model.to_hf()
    hf.config.id2label = dict(enumerate(saved["label_names"]))
    hf.config.label2id = {name: i for i, name in enumerate(saved["label_names"])}
    with atomic_path(out, directory=True) as tmp:
        hf.save_pretrained(tmp)
        if isinstance(inputs, WordpieceInput):
            inputs.tokenizer.save_pretrained(tmp)
        else:
            Path(tmp, "words.txt").write_text("\n".join(inputs.vocab.words) + "\n")
