"""Batched inference (logits, or layer encodings for probing): length-sorted batches, dynamic padding,
`torch.inference_mode`, optional bf16 autocast. Returns float32 arrays in the input order."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import torch
from tqdm import tqdm

from .precision import autocast


def inference_batches(lengths: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Longest first, so padding is minimal and a memory problem shows up on the first batch."""
    order = np.argsort(-np.asarray(lengths), kind="stable")
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


def tokenize(tokenizer, sentences: Sequence[str], max_length: int,
             sentences2: Sequence[str] | None = None) -> list[list[int]]:
    """Token ids per sentence, or per pair with `sentences2`: the tokenizer's pair encoding
    `[CLS] A [SEP] B [SEP]`, truncated longest text first to `max_length`."""
    if sentences2 is None:
        return tokenizer(list(sentences), truncation=True, max_length=max_length)["input_ids"]
    return tokenizer(list(sentences), list(sentences2), truncation=True, max_length=max_length)["input_ids"]


def segment_ids(input_ids: torch.Tensor, attention_mask: torch.Tensor, sep_id: int) -> torch.Tensor:
    """BERT's token type ids of padded pair encodings, recovered from the ids themselves: 0 up to and
    including the first [SEP], 1 after it (the second text and its [SEP]), 0 on padding. Keeping pairs as
    plain id lists lets every batching and length-sorting path serve pairs unchanged."""
    is_sep = input_ids == sep_id
    after_first_sep = (is_sep.long().cumsum(dim=1) - is_sep.long()) > 0
    return (after_first_sep & attention_mask.bool()).long()


def collate(tokenizer, token_ids: Sequence[list[int]], device: torch.device,
            pairs: bool = False) -> dict[str, torch.Tensor]:
    """Pad a batch to its longest member (dynamic padding); `pairs` adds the segment ids of pair encodings."""
    batch = dict(tokenizer.pad({"input_ids": list(token_ids)}, padding=True, return_tensors="pt"))
    if pairs:
        batch["token_type_ids"] = segment_ids(batch["input_ids"], batch["attention_mask"], tokenizer.sep_token_id)
    return {k: v.to(device) for k, v in batch.items()}


def batched_outputs(model, forward: Callable[[list, torch.device], dict[str, torch.Tensor]],
                    encoded: Sequence[Sequence[int]], batch_size: int = 128, precision: str = "fp32",
                    progress: bool = False) -> dict[str, np.ndarray]:
    """float32 outputs of `model` for every encoded sentence, in input order. `forward(batch, device)` turns
    a list of id lists into named B × D tensors (logits, or a layer's sentence encodings); batches group
    similar lengths so that padding stays short."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    out: dict[str, np.ndarray] = {}
    batches = inference_batches(np.array([len(t) for t in encoded]), batch_size)
    with torch.inference_mode(), autocast(precision, device):
        for index in tqdm(batches, disable=not progress, mininterval=10, desc="scoring"):
            for name, values in forward([encoded[i] for i in index], device).items():
                values = values.float().cpu().numpy()
                if name not in out:
                    out[name] = np.zeros((len(encoded), values.shape[1]), dtype=np.float32)
                out[name][index] = values
    model.train(was_training)
    return out


def batched_logits(model, forward: Callable[[list, torch.device], torch.Tensor], encoded: Sequence[Sequence[int]],
                   batch_size: int = 128, precision: str = "fp32", progress: bool = False) -> np.ndarray:
    """float32 logits (sentences × labels, input order); `forward(batch, device)` returns the logits."""
    outputs = batched_outputs(model, lambda batch, device: {"logits": forward(batch, device)}, encoded,
                              batch_size, precision, progress)
    return outputs.get("logits", np.zeros((0, 0), dtype=np.float32))


def classifier_logits(model, tokenizer, token_ids: Sequence[list[int]], batch_size: int = 128,
                      precision: str = "fp32", progress: bool = False, pairs: bool = False) -> np.ndarray:
    """Logits of a Hugging Face sequence classifier (the teacher)."""
    return batched_logits(model, lambda batch, device: model(**collate(tokenizer, batch, device, pairs)).logits,
                          token_ids, batch_size, precision, progress)
