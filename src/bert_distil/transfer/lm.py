"""Causal language models for LM transfer sets (Tang & Lin; Sučík): loading, converting a GGUF checkpoint
once into a plain HF folder, and fine-tuning on a task's training sentences with the seeds' recipe (AdamW,
linear warm-up and decay, EOS appended to every sentence) through the shared training loop.

The LM is trained and sampled without a BOS token: a sample starts from a first token drawn from the
training sentences' first tokens (`sampling.first_token_distribution`), so the fine-tuning sequences are
exactly `tokens(sentence) + [EOS]`.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch

from ..assets import gguf_file, resolve_model_path
from ..inference import inference_batches
from ..io import save_pretrained
from ..precision import autocast, resolve
from ..runtime import config_hash, data_digest, device, provenance
from ..training.batching import training_batches
from ..training.finish import finish_run, restore_best
from ..training.loop import LoopSettings, fit, seed_everything
from ..training.optim import make_optimizer, make_scheduler, warmup_steps

log = logging.getLogger(__name__)


@dataclass
class LMSettings:
    """The `lm:` block of the config (descriptions and defaults in workflow/schemas/config.schema.yaml)."""
    model: str
    finetune: bool
    epochs: int
    max_steps: int | None
    batch_size: int
    optimizer: str
    lr: float
    weight_decay: float
    warmup_proportion: float
    max_length: int
    max_grad_norm: float | None
    precision: str
    dev_sentences: int
    checkpoint_every: int
    seed: int
    patience: int | None = None  # dev evaluations without improvement before stopping (None: to the cap)


def convert_gguf(spec: str, out: str | Path) -> None:
    """Dequantise a GGUF checkpoint into a plain fp32 HF folder (model + tokenizer). transformers reads
    GGUF directly, but slowly (~15 s of dequantisation per load) and marks the config as quantised; the
    plain folder reloads in well under a second and fine-tunes like any HF model."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = gguf_file(spec)
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    quantised = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32)
    config = quantised.config
    del config.quantization_config  # the weights below are already dequantised
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(quantised.state_dict())
    save_pretrained(out, model, tokenizer)
    log.info("converted %s (%d parameters) to %s", path, sum(p.numel() for p in model.parameters()), out)


def load_lm(spec: str, dtype: torch.dtype = torch.float32):
    """Tokenizer and causal LM from a model spec (hub id, local or package folder)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = resolve_model_path(spec)
    tokenizer = AutoTokenizer.from_pretrained(path)
    if tokenizer.eos_token_id is None:
        raise ValueError(f"LM {spec!r}: its tokenizer has no EOS token, so samples could not end")
    model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype)
    return tokenizer, model


def encode_sentences(tokenizer, sentences: Sequence[str], max_length: int) -> list[list[int]]:
    """Each sentence's tokens (nothing in front) followed by EOS, at most `max_length` tokens in all."""
    ids = tokenizer(list(sentences), add_special_tokens=False)["input_ids"]
    return [tokens[:max_length - 1] + [tokenizer.eos_token_id] for tokens in ids]


def lm_batch(token_ids: Sequence[list[int]], pad_id: int, device: torch.device) -> dict[str, torch.Tensor]:
    """Right-padded inputs; padding is masked out of attention and of the loss (label -100)."""
    width = max(len(t) for t in token_ids)
    input_ids = torch.full((len(token_ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(token_ids), width), dtype=torch.long)
    for row, tokens in enumerate(token_ids):
        input_ids[row, :len(tokens)] = torch.tensor(tokens)
        mask[row, :len(tokens)] = 1
    labels = input_ids.masked_fill(mask == 0, -100)
    return {"input_ids": input_ids.to(device), "attention_mask": mask.to(device), "labels": labels.to(device)}


@torch.inference_mode()
def mean_token_loss(model, token_ids: Sequence[list[int]], pad_id: int, batch_size: int,
                    precision: str) -> float:
    """Cross-entropy per predicted token over all sentences (exp of it is the perplexity)."""
    device = next(model.parameters()).device
    total, count = 0.0, 0
    for index in inference_batches(np.array([len(t) for t in token_ids]), batch_size):
        batch = lm_batch([token_ids[i] for i in index], pad_id, device)
        with autocast(precision, device):
            loss = model(**batch).loss
        predicted = int((batch["labels"][:, 1:] != -100).sum())
        total += float(loss) * predicted
        count += predicted
    return total / max(count, 1)


def fine_tune_lm(task: str, settings: LMSettings, model_in: str, train_sentences: Sequence[str],
                 dev_sentences: Sequence[str], model_out: str | Path, metrics_out: str | Path,
                 curve_out: str | Path, checkpoint: str | Path) -> dict[str, Any]:
    """Fine-tune `model_in` on the training sentences; `max_steps` caps the optimizer steps (the
    schedule's warm-up and decay are laid over the capped run). Dev perplexity before and after."""
    seed_everything(settings.seed)
    run_device = device()
    precision = resolve(settings.precision, run_device)
    tokenizer, model = load_lm(model_in)
    model.to(run_device)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    train_ids = encode_sentences(tokenizer, train_sentences, settings.max_length)
    dev_ids = encode_sentences(tokenizer, list(dev_sentences)[:settings.dev_sentences], settings.max_length)
    lengths = np.array([len(t) for t in train_ids])

    steps_per_epoch = math.ceil(len(train_ids) / settings.batch_size)
    total_steps = steps_per_epoch * settings.epochs
    if settings.max_steps is not None:
        total_steps = min(total_steps, settings.max_steps)
    epochs = math.ceil(total_steps / steps_per_epoch)

    def batches_for_epoch(epoch: int) -> list[np.ndarray]:
        batches = training_batches(len(train_ids), settings.batch_size, settings.seed, epoch, lengths)
        return batches[:total_steps - epoch * steps_per_epoch]

    def compute_loss(model, index: np.ndarray) -> torch.Tensor:
        return model(**lm_batch([train_ids[i] for i in index], pad_id, run_device)).loss

    def evaluate(model) -> dict[str, float]:
        loss = mean_token_loss(model, dev_ids, pad_id, settings.batch_size, precision)
        return {"log_likelihood": -loss, "perplexity": math.exp(loss)}

    optimizer = make_optimizer(model.parameters(), settings.optimizer, settings.lr, settings.weight_decay)
    scheduler = make_scheduler(optimizer, total_steps,
                               warmup_steps(steps_per_epoch, total_steps, settings.warmup_proportion))
    model.eval()
    before = evaluate(model)
    log.info("LM %s on %s: %d sentences, %d steps of %d (%.2f epochs); dev perplexity before %.2f",
             settings.model, task, len(train_ids), total_steps, settings.batch_size,
             total_steps / steps_per_epoch, before["perplexity"])
    loop = LoopSettings(epochs=epochs, max_grad_norm=settings.max_grad_norm, precision=precision,
                        checkpoint_every=settings.checkpoint_every, patience=settings.patience)
    result = fit(model, optimizer, scheduler, batches_for_epoch, compute_loss, evaluate, "log_likelihood",
                 loop, checkpoint, fingerprint=config_hash([vars(settings), len(train_ids), precision,
                                                             data_digest(train_ids)]))
    restore_best(model, result)
    metrics = {
        "task": task, "model": "lm", "base_model": settings.model, "train_size": len(train_ids),
        "steps": total_steps, "epochs": round(total_steps / steps_per_epoch, 4),
        "dev_perplexity_before": before["perplexity"], "dev_perplexity": result.best_scores["perplexity"],
        "dev_sentences": len(dev_ids), "precision": precision, "settings": vars(settings),
        "provenance": provenance(vars(settings)),
    }
    metrics = finish_run(result, lambda: save_pretrained(model_out, model, tokenizer), metrics, curve_out,
                         metrics_out, checkpoint)
    log.info("LM %s: dev perplexity %.2f → %.2f", task, before["perplexity"], metrics["dev_perplexity"])
    return metrics
