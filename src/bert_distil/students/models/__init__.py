"""Student architectures, by the `arch` of a student entry (`ARCHITECTURES`). Each is a torch module whose
forward takes (token ids padded with 0, lengths) and returns logits, with `layer_outputs` for probing;
for sentence pairs it takes what its `pair_reader` collates (`students.inputs`).

- `embedding`: token embeddings in Kim's three modes, shared by every architecture
- `bilstm`: Tang et al.'s BiLSTM (final states → FC + ReLU → logits); siamese on pairs
- `bert`: Sučík's down-scaled BERT with embeddings from outside, exportable as a plain HF model; reads a
  pair as one sequence with segment ids

A builder gets the initial embedding vectors, the number of outputs (classes; 1 for a regression head),
the entry and whether the task's rows are pairs. Room for what comes
next: several task heads would replace `num_labels` by a head specification at this one seam (each
architecture keeps its `classifier` as today's single head), and a student started from a teacher's layers
is an architecture whose builder also reads the teacher folder, as `students.inputs` does for embeddings.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch

from ...registry import Registry
from .bilstm import BiLSTMClassifier


@dataclass(frozen=True)
class Architecture:
    build: Callable[[torch.Tensor, int, dict, bool], torch.nn.Module]  # (vectors, outputs, entry, pairs)
    pair_reader: str  # how it reads a sentence pair: "siamese" or "joint" (students.inputs.PAIR_READERS)


def _bilstm(vectors: torch.Tensor, num_labels: int, entry: dict, pairs: bool) -> torch.nn.Module:
    return BiLSTMClassifier(vectors, num_labels, hidden=entry["hidden"], fc=entry["fc"], layers=entry["layers"],
                            mode=entry["embedding_mode"], dropout=entry["dropout"], pairs=pairs)


def _bert(vectors: torch.Tensor, num_labels: int, entry: dict, pairs: bool) -> torch.nn.Module:
    from .bert import BertStudent  # transformers' BERT takes ~7 s to import; a BiLSTM job never needs it

    return BertStudent(vectors, num_labels, layers=entry["layers"], hidden=entry["hidden"],
                       intermediate=entry["intermediate"], heads=entry["heads"], mode=entry["embedding_mode"],
                       max_length=entry["max_length"], dropout=entry["dropout"])


ARCHITECTURES: dict[str, Architecture] = Registry("architecture", {
    "bilstm": Architecture(_bilstm, "siamese"),
    "bert": Architecture(_bert, "joint"),
})


def pair_reader(arch: str, pairs: bool) -> str | None:
    """How a student of `arch` reads its task's rows (None: single sentences)."""
    return ARCHITECTURES[arch].pair_reader if pairs else None


def build_model(arch: str, vectors: torch.Tensor, num_labels: int, entry: dict, pairs: bool = False) -> torch.nn.Module:
    """The student network for a config entry, its embeddings starting from `vectors`."""
    return ARCHITECTURES[arch].build(vectors, num_labels, entry, pairs)
