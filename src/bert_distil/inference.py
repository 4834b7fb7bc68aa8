"""Batched inference of a Hugging Face sequence classifier: length-sorted batches, dynamic padding,
`torch.inference_mode`, optional bf16 autocast. Returns float32 logits in the input order."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import torch
from tqdm import tqdm

from .batching import inference_batches
from .train import autocast


def tokenize(tokenizer, sentences: Sequence[str], max_length: int) -> list[list[int]]:
    return tokenizer(list(sentences), truncation=True, max_length=max_length)["input_ids"]


def collate(tokenizer, token_ids: Sequence[list[int]], device: torch.device) -> dict[str, torch.Tensor]:
    """Pad a batch to its longest member (dynamic padding)."""
    batch = tokenizer.pad({"input_ids": list(token_ids)}, padding=True, return_tensors="pt")
    return {k: v.to(device) for k, v in batch.items()}


def batched_logits(model, forward: Callable[[list, torch.device], torch.Tensor], encoded: Sequence[Sequence[int]],
                   batch_size: int = 128, precision: str = "fp32", progress: bool = False) -> np.ndarray:
    """float32 logits of `model` for every encoded sentence, in input order. `forward(batch, device)` turns
    a list of id lists into logits; batches group similar lengths so that padding stays short."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    out = np.zeros((len(encoded), 0), dtype=np.float32)
    batches = inference_batches(np.array([len(t) for t in encoded]), batch_size)
    with torch.inference_mode(), autocast(precision, device):
        for index in tqdm(batches, disable=not progress, mininterval=10, desc="scoring"):
            logits = forward([encoded[i] for i in index], device).float().cpu().numpy()
            if out.shape[1] != logits.shape[1]:
                out = np.zeros((len(encoded), logits.shape[1]), dtype=np.float32)
            out[index] = logits
    model.train(was_training)
    return out


def classifier_logits(model, tokenizer, token_ids: Sequence[list[int]], batch_size: int = 128,
                      precision: str = "fp32", progress: bool = False) -> np.ndarray:
    """Logits of a Hugging Face sequence classifier (the teacher)."""
    return batched_logits(model, lambda batch, device: model(**collate(tokenizer, batch, device)).logits,
                          token_ids, batch_size, precision, progress)
