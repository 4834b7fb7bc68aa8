"""The form of each model that goes to ONNX: the same numbers as the PyTorch forward, one signature for all,
`token_ids` (B × T, right-padded with 0) and `lengths` (B), plus `token_type_ids` for a model that reads a
pair as one sequence, or `token_ids2` and `lengths2` for Tang's siamese BiLSTM.

The students export as they are (the BiLSTM reads padded batches, not packed sequences: see its module)."""
from __future__ import annotations

import torch
from torch import nn

from ..students.models.embedding import padding_mask


class TeacherGraph(nn.Module):
    """A Hugging Face sequence classifier (the teacher) behind the common signature."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor,
                token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        mask = padding_mask(token_ids, lengths).long()
        return self.model(input_ids=token_ids, attention_mask=mask, token_type_ids=token_type_ids).logits


def input_names(pair_reader: str | None) -> list[str]:
    if pair_reader == "siamese":
        return ["token_ids", "lengths", "token_ids2", "lengths2"]
    if pair_reader == "joint":
        return ["token_ids", "lengths", "token_type_ids"]
    return ["token_ids", "lengths"]
