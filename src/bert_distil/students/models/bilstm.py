"""The BiLSTM student of Tang et al. (2019) and Sučík (2020): word embeddings → one (or more)
bidirectional LSTM layers → final forward and backward states concatenated → FC + ReLU → logits.

For sentence pairs it is Tang et al.'s siamese BiLSTM (§3.2, Fig. 2): the one encoder reads both texts,
giving h1 and h2, and the classifier reads the concatenate-compare vector [h1, h2, h1 ⊙ h2, |h1 − h2|]."""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .embedding import EmbeddingChannels, padding_mask


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

    def encode(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(per-token output states B×T×2H, sentence representation B×2H = last forward ⊕ first backward)."""
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
