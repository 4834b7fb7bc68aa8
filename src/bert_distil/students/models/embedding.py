"""Token embeddings in Kim's (2014) three modes, shared by every student architecture:
`static` (pre-trained vectors, frozen), `non-static` (fine-tuned), `multichannel` (a frozen and a
fine-tuned copy, concatenated)."""
from __future__ import annotations

import torch
from torch import nn

EMBEDDING_MODES = ("multichannel", "non-static", "static")


class EmbeddingChannels(nn.Module):
    def __init__(self, vectors: torch.Tensor, mode: str = "multichannel", padding_idx: int = 0):
        super().__init__()
        if mode not in EMBEDDING_MODES:
            raise ValueError(f"unknown embedding mode {mode!r}; known: {EMBEDDING_MODES}")
        self.mode = mode
        self.tuned = nn.Embedding.from_pretrained(vectors.clone(), freeze=mode == "static", padding_idx=padding_idx)
        self.frozen = (nn.Embedding.from_pretrained(vectors.clone(), freeze=True, padding_idx=padding_idx)
                       if mode == "multichannel" else None)
        self.output_dim = vectors.shape[1] * (2 if mode == "multichannel" else 1)

    def forward(self, token_ids: torch.Tensor) -> torch.Tensor:
        embedded = self.tuned(token_ids)
        if self.frozen is not None:
            embedded = torch.cat([embedded, self.frozen(token_ids)], dim=-1)
        return embedded


def padding_mask(token_ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """B × T booleans, True at the real tokens of each row (the first `length` positions)."""
    positions = torch.arange(token_ids.shape[1], device=token_ids.device)
    return positions[None, :] < lengths[:, None].to(token_ids.device)
