"""Sučík's down-scaled BERT student: a `transformers` BERT (layers, hidden, intermediate, heads from the
student entry) whose token embeddings come from outside: random, the teacher's wordpiece embeddings, or
word vectors, in any embedding mode, with a trainable linear projection to the hidden size when the
dimensions differ. Position and token-type embeddings and the embedding LayerNorm are BERT's own; a
sentence pair is one sequence `[CLS] A [SEP] B [SEP]` with token type ids (BERT's segments).

Embedding lookup followed by a linear projection is itself a lookup table, so `to_hf` folds both into the
word-embedding matrix of a plain `BertForSequenceClassification`: the exported folder loads with
`AutoModelForSequenceClassification` and gives the same logits."""
from __future__ import annotations

import torch
from torch import nn
from transformers import BertConfig, BertForSequenceClassification

from .embedding import EmbeddingChannels, padding_mask


def bert_config(vocab_size: int, num_labels: int, layers: int, hidden: int, intermediate: int, heads: int,
                max_length: int = 128, dropout: float = 0.1) -> BertConfig:
    return BertConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                      num_attention_heads=heads, intermediate_size=intermediate,
                      max_position_embeddings=max_length, num_labels=num_labels, hidden_dropout_prob=dropout,
                      attention_probs_dropout_prob=dropout)


class BertStudent(nn.Module):
    def __init__(self, vectors: torch.Tensor, num_labels: int, layers: int = 5, hidden: int = 204,
                 intermediate: int = 750, heads: int = 3, mode: str = "non-static", max_length: int = 128,
                 dropout: float = 0.1):
        super().__init__()
        self.embed = EmbeddingChannels(vectors, mode)
        # part of the embeddings: parameter_counts leaves it out of the non-embedding count, as Sučík does
        self.projection = (nn.Linear(self.embed.output_dim, hidden) if self.embed.output_dim != hidden
                           else nn.Identity())
        self.bert = BertForSequenceClassification(
            bert_config(vectors.shape[0], num_labels, layers, hidden, intermediate, heads, max_length, dropout))
        # `embed` + `projection` stand in for BERT's own word-embedding table: keep a one-row placeholder
        # (made without drawing random numbers, so initialisation is as with the full table); `to_hf`
        # builds the full table.
        self.bert.bert.embeddings.word_embeddings = nn.Embedding.from_pretrained(torch.zeros(1, hidden))

    def _run(self, token_ids: torch.Tensor, lengths: torch.Tensor, token_type_ids: torch.Tensor | None = None,
             **kwargs):
        return self.bert(inputs_embeds=self.projection(self.embed(token_ids)), token_type_ids=token_type_ids,
                         attention_mask=padding_mask(token_ids, lengths).long(), **kwargs)

    def forward(self, token_ids: torch.Tensor, lengths: torch.Tensor,
                token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        return self._run(token_ids, lengths, token_type_ids).logits

    def layer_outputs(self, token_ids: torch.Tensor, lengths: torch.Tensor) -> dict[str, torch.Tensor]:
        """Mean-pooled hidden states of the embedding output and of every layer (for probing)."""
        states = self._run(token_ids, lengths, output_hidden_states=True).hidden_states
        mask = padding_mask(token_ids, lengths).unsqueeze(-1)
        pooled = [(s * mask).sum(1) / mask.sum(1) for s in states]
        return {"embeddings": pooled[0], **{f"layer-{k}": p for k, p in enumerate(pooled[1:], start=1)}}

    @torch.no_grad()
    def to_hf(self, chunk: int = 4096) -> BertForSequenceClassification:
        """A plain BERT classifier with the same logits: embeddings and projection folded into one table."""
        ids = torch.arange(self.bert.config.vocab_size, device=self.embed.tuned.weight.device)
        table = torch.cat([self.projection(self.embed(ids[i:i + chunk])) for i in range(0, len(ids), chunk)])
        model = BertForSequenceClassification(self.bert.config)
        model.load_state_dict({**self.bert.state_dict(), "bert.embeddings.word_embeddings.weight": table})
        return model.eval()
