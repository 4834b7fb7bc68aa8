"""The form of each model that goes to ONNX: the same numbers as the PyTorch forward, one signature for all,
`token_ids` (B × T, right-padded with 0) and `lengths` (B), plus `token_type_ids` for a model that reads a
pair as one sequence, or `token_ids2` and `lengths2` for Tang's siamese BiLSTM.

The BiLSTM reads packed sequences in PyTorch, which no ONNX exporter can trace. `UnpackedBiLSTM` computes
the same states without them: the forward direction reads the padded batch (padding comes after the last
token, so its state there is the final forward state), and the backward direction reads each sentence
reversed within its own length, so its state at the last position is the state after reading the first
token, as in the packed run. Layers above the first read both directions realigned to the original order."""
from __future__ import annotations

import torch
from torch import nn

from ..students.models.bilstm import BiLSTMClassifier
from ..students.models.embedding import padding_mask


def _direction(lstm: nn.LSTM, layer: int, suffix: str) -> nn.LSTM:
    single = nn.LSTM(lstm.input_size if layer == 0 else 2 * lstm.hidden_size, lstm.hidden_size, batch_first=True)
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(single, f"{name}_l0").data.copy_(getattr(lstm, f"{name}_l{layer}{suffix}").data)
    return single


def reverse_within_lengths(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Each row's first `length` steps in reverse order (B × T × D); padding positions repeat step 0, which
    no final state reads. Applied twice it gives back the valid steps."""
    steps = torch.arange(x.shape[1], device=x.device)[None, :]
    index = (lengths[:, None] - 1 - steps).clamp(min=0)
    return x.gather(1, index[..., None].expand(-1, -1, x.shape[2]))


def at_last_step(states: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    index = (lengths - 1).clamp(min=0)[:, None, None].expand(-1, 1, states.shape[2])
    return states.gather(1, index).squeeze(1)


class UnpackedBiLSTM(nn.Module):
    def __init__(self, student: BiLSTMClassifier):
        super().__init__()
        self.student = student
        lstm = student.lstm
        self.forward_layers = nn.ModuleList(_direction(lstm, k, "") for k in range(lstm.num_layers))
        self.backward_layers = nn.ModuleList(_direction(lstm, k, "_reverse") for k in range(lstm.num_layers))

    def encode(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        inputs = self.student.embed(token_ids)
        for forward_lstm, backward_lstm in zip(self.forward_layers, self.backward_layers):
            forward_states, _ = forward_lstm(inputs)
            backward_reversed, _ = backward_lstm(reverse_within_lengths(inputs, lengths))
            inputs = torch.cat([forward_states, reverse_within_lengths(backward_reversed, lengths)], dim=-1)
        return torch.cat([at_last_step(forward_states, lengths), at_last_step(backward_reversed, lengths)], dim=-1)

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor, token_ids2: torch.Tensor | None = None,
                lengths2: torch.Tensor | None = None) -> torch.Tensor:
        features = self.encode(token_ids, lengths)
        if self.student.pairs:
            features = self.student.compare(features, self.encode(token_ids2, lengths2))
        return self.student.classifier(torch.relu(self.student.fc(features)))


class TeacherGraph(nn.Module):
    """A Hugging Face sequence classifier (the teacher) behind the common signature."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor,
                token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        mask = padding_mask(token_ids, lengths).long()
        return self.model(input_ids=token_ids, attention_mask=mask, token_type_ids=token_type_ids).logits


def export_graph(model: nn.Module) -> nn.Module:
    """The module to export for a student (BiLSTM: `UnpackedBiLSTM`; the BERT student exports as it is)."""
    return UnpackedBiLSTM(model).eval() if isinstance(model, BiLSTMClassifier) else model.eval()


def input_names(pair_reader: str | None) -> list[str]:
    if pair_reader == "siamese":
        return ["token_ids", "lengths", "token_ids2", "lengths2"]
    if pair_reader == "joint":
        return ["token_ids", "lengths", "token_type_ids"]
    return ["token_ids", "lengths"]
