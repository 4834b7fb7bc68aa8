"""The BiLSTM student of Tang et al. (2019) and Sučík (2020): word embeddings → one (or more)
bidirectional LSTM layers → final forward and backward states concatenated → FC + ReLU → logits.

For sentence pairs it is Tang et al.'s siamese BiLSTM (§3.2, Fig. 2): the one encoder reads both texts,
giving h1 and h2, and the classifier reads the concatenate-compare vector [h1, h2, h1 ⊙ h2, |h1 − h2|].

Two readings of a batch, with the same numbers:
- packed sequences (nn.LSTM over pack_padded_sequence): no step is spent on padding, and cuDNN runs them
  in one kernel. Used on a GPU and for inference.
- padded: the forward direction reads the right-padded batch as it is (padding comes after each
  sentence's last token, so its state at the last token is the final forward state), and the backward
  direction reads each sentence reversed within its own length (its state at the last position is the
  state after reading the first token). Used to train on a CPU, where packed sequences' backward pass is
  small ops per time step (benchmarks/bilstm_training.py times both), and when traced for ONNX (no
  exporter traces packed sequences)."""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .embedding import EmbeddingChannels, padding_mask

_WEIGHTS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def reverse_within_lengths(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Each row's first `length` steps in reverse order (B × T × D); padding positions repeat step 0, which
    no final state reads. Applied twice it gives back the valid steps."""
    steps = torch.arange(x.shape[1], device=x.device)[None, :]
    index = (lengths.to(x.device)[:, None] - 1 - steps).clamp(min=0)
    return x.gather(1, index[..., None].expand(-1, -1, x.shape[2]))


def at_last_step(states: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    index = (lengths.to(states.device) - 1).clamp(min=0)[:, None, None].expand(-1, 1, states.shape[2])
    return states.gather(1, index).squeeze(1)


class BiLSTMClassifier(nn.Module):
    def __init__(self, vectors: torch.Tensor, num_labels: int, hidden: int = 300, fc: int = 400,
                 layers: int = 1, mode: str = "multichannel", dropout: float = 0.0, pairs: bool = False):
        super().__init__()
        self.pairs = pairs
        self.embed = EmbeddingChannels(vectors, mode)
        self.lstm = nn.LSTM(self.embed.output_dim, hidden, num_layers=layers, bidirectional=True, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear((8 if pairs else 2) * hidden, fc)
        self.classifier = nn.Linear(fc, num_labels)

    def _direction(self, layer: int, suffix: str, inputs: torch.Tensor) -> torch.Tensor:
        """One direction of one layer over the whole padded batch, with this LSTM's own weights: the op that
        nn.LSTM's forward runs (`torch.lstm`), for one layer and one direction (traceable for ONNX)."""
        weights = [getattr(self.lstm, f"{name}_l{layer}{suffix}") for name in _WEIGHTS]
        zeros = inputs.new_zeros(1, inputs.shape[0], self.lstm.hidden_size)
        states, _, _ = torch.lstm(inputs, (zeros, zeros), weights, True, 1, 0.0, self.training, False, True)
        return states

    def encode(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(per-token output states B×T×2H, valid up to each length; sentence representation B×2H = last
        forward ⊕ first backward state). Layers above the first read both directions in sentence order,
        after the LSTM's inter-layer dropout."""
        if not (torch.jit.is_tracing() or (torch.is_grad_enabled() and not token_ids.is_cuda)):
            return self._encode_packed(token_ids, lengths)
        inputs = self.embed(token_ids)
        for layer in range(self.lstm.num_layers):
            if layer:
                inputs = nn.functional.dropout(inputs, self.lstm.dropout, self.training)
            forward_states = self._direction(layer, "", inputs)
            backward_reversed = self._direction(layer, "_reverse", reverse_within_lengths(inputs, lengths))
            inputs = torch.cat([forward_states, reverse_within_lengths(backward_reversed, lengths)], dim=-1)
        return inputs, torch.cat([at_last_step(forward_states, lengths), at_last_step(backward_reversed, lengths)],
                                 dim=-1)

    def _encode_packed(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """`encode` over packed sequences (states are zero on padding)."""
        packed = pack_padded_sequence(self.embed(token_ids), lengths.cpu(), batch_first=True, enforce_sorted=False)
        outputs, (hidden, _) = self.lstm(packed)
        states, _ = pad_packed_sequence(outputs, batch_first=True, total_length=token_ids.shape[1])
        return states, torch.cat([hidden[-2], hidden[-1]], dim=-1)

    def compare(self, first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
        """Tang et al.'s concatenate-compare vector of two sentence representations (B × 8H)."""
        return torch.cat([first, second, first * second, (first - second).abs()], dim=-1)

    def features(self, token_ids: torch.Tensor, lengths: torch.Tensor, token_ids2: torch.Tensor | None = None,
                 lengths2: torch.Tensor | None = None) -> torch.Tensor:
        """What the FC layer reads: the sentence representation, or a pair's compare vector."""
        _, sentence = self.encode(token_ids, lengths)
        if not self.pairs:
            return sentence
        if token_ids2 is None:
            raise ValueError("a siamese BiLSTM reads pairs: (ids A, lengths A, ids B, lengths B)")
        return self.compare(sentence, self.encode(token_ids2, lengths2)[1])

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor, token_ids2: torch.Tensor | None = None,
                lengths2: torch.Tensor | None = None) -> torch.Tensor:
        features = self.features(token_ids, lengths, token_ids2, lengths2)
        return self.classifier(torch.relu(self.fc(self.dropout(features))))

    def layer_outputs(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> dict[str, torch.Tensor]:
        """Mean-pooled LSTM output states (for probing), and the FC layer's activations."""
        states, sentence = self.encode(token_ids, lengths)
        mask = padding_mask(token_ids, lengths)
        pooled = (states * mask[..., None]).sum(1) / lengths[:, None].to(states.device)
        return {"lstm": pooled, "fc": torch.relu(self.fc(sentence))}
