"""Student architectures, by the `arch` of a student entry (`ARCHITECTURES`). Each is a torch module whose
forward takes (token ids padded with 0, lengths) and returns logits, with `layer_outputs` for probing.

- `embedding`: token embeddings in Kim's three modes, shared by every architecture
- `bilstm`: Tang et al.'s BiLSTM (final states → FC + ReLU → logits)
- `bert`: Sučík's down-scaled BERT with embeddings from outside, exportable as a plain HF model

A builder gets the initial embedding vectors, the number of labels and the entry. Room for what comes
next: several task heads would replace `num_labels` by a head specification at this one seam (each
architecture keeps its `classifier` as today's single head), and a student started from a teacher's layers
is an architecture whose builder also reads the teacher folder, as `students.inputs` does for embeddings.
"""
from __future__ import annotations

from typing import Callable

import torch

from ...registry import Registry
from .bert import BertStudent
from .bilstm import BiLSTMClassifier

ARCHITECTURES: dict[str, Callable[[torch.Tensor, int, dict], torch.nn.Module]] = Registry("architecture")


@ARCHITECTURES.register("bilstm")
def bilstm(vectors: torch.Tensor, num_labels: int, entry: dict) -> torch.nn.Module:
    return BiLSTMClassifier(vectors, num_labels, hidden=entry["hidden"], fc=entry["fc"], layers=entry["layers"],
                            mode=entry["embedding_mode"], dropout=entry["dropout"])


@ARCHITECTURES.register("bert")
def bert(vectors: torch.Tensor, num_labels: int, entry: dict) -> torch.nn.Module:
    return BertStudent(vectors, num_labels, layers=entry["layers"], hidden=entry["hidden"],
                       intermediate=entry["intermediate"], heads=entry["heads"], mode=entry["embedding_mode"],
                       max_length=entry["max_length"], dropout=entry["dropout"])


def build_model(arch: str, vectors: torch.Tensor, num_labels: int, entry: dict) -> torch.nn.Module:
    """The student network for a config entry, its embeddings starting from `vectors`."""
    return ARCHITECTURES[arch](vectors, num_labels, entry)
