"""Transfer-set variants (van de Graaf): sets derived from any transfer set to ask how much its size and
its sentences' structure matter to distillation.

- `frac`: a random subset holding `fraction` of the sentences (ids and order kept);
- `shuffled`: every sentence's tokens in a random order (word tokens: the text stays readable by both the
  teacher's tokenizer and word-level students; the teacher's [CLS]/[SEP] are added around it as always);
- `unigram`: as many new sentences, each with a length drawn from the base set's length distribution and
  tokens drawn independently from the base set's unigram distribution.

Tokens are Treebank tokens in their own case (`[MASK]` from rule-based samples stays one token). In a
sentence-pair task's set each text is shuffled on its own, and `unigram` draws both texts of a pair (each
with its own length distribution, one unigram distribution over both).
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from ..registry import Registry
from .words import treebank_tokens

VARIANTS = Registry("transfer-set variant")  # name -> f(frame, seed, fraction) -> the derived frame


def fraction_subset(frame: pd.DataFrame, fraction: float, seed: int) -> pd.DataFrame:
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    count = max(1, round(fraction * len(frame)))
    keep = np.sort(np.random.default_rng(seed).choice(len(frame), size=count, replace=False))
    return frame.iloc[keep].reset_index(drop=True)


def texts_of(frame: pd.DataFrame) -> list[str]:
    """The text columns of a transfer set: `sentence`, and `sentence2` in a sentence-pair task's set."""
    return [c for c in ("sentence", "sentence2") if c in frame.columns]


def shuffle_tokens(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    shuffled: dict[str, list[str]] = {column: [] for column in texts_of(frame)}
    for texts in zip(*(frame[column] for column in shuffled)):  # row by row: one RNG stream in row order
        for column, text in zip(shuffled, texts):
            tokens = treebank_tokens(text)
            shuffled[column].append(" ".join(tokens[i] for i in rng.permutation(len(tokens))))
    return frame.assign(**shuffled, source="shuffled")


def unigram_sentences(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    tokenized = {column: [treebank_tokens(s) for s in frame[column]] for column in texts_of(frame)}
    counts = Counter(t for texts in tokenized.values() for tokens in texts for t in tokens)
    words = np.array(list(counts))
    probabilities = np.array(list(counts.values()), dtype=float)
    probabilities /= probabilities.sum()
    out = {"id": [f"unigram-{k}" for k in range(len(frame))]}
    for column, texts in tokenized.items():
        lengths = rng.choice(np.array([len(t) for t in texts]), size=len(frame))
        drawn = rng.choice(words, size=int(lengths.sum()), p=probabilities)  # one draw for all: fast
        ends = np.cumsum(lengths)
        out[column] = [" ".join(drawn[end - n:end]) for n, end in zip(lengths, ends)]
    return pd.DataFrame({**out, "source": "unigram"})


@VARIANTS.register("frac")
def _frac(frame: pd.DataFrame, seed: int, fraction: float | None) -> pd.DataFrame:
    if fraction is None:
        raise ValueError("variant frac needs a fraction")
    return fraction_subset(frame, fraction, seed)


VARIANTS.register("shuffled")(lambda frame, seed, fraction: shuffle_tokens(frame, seed))
VARIANTS.register("unigram")(lambda frame, seed, fraction: unigram_sentences(frame, seed))


def derive(frame: pd.DataFrame, variant: str, seed: int = 0, fraction: float | None = None) -> pd.DataFrame:
    """The `variant` of transfer set `frame` (columns id, sentence, [sentence2,] source)."""
    return VARIANTS[variant](frame, seed, fraction)
