"""Batch order for training.

Training batches are a pure function of (seed, epoch): a resumed run replays exactly the batches the
interrupted one would have seen. With `lengths`, examples of similar length share a batch (shuffled
"mega-batches" sorted by length, as transformers' group_by_length), which cuts padding several-fold for
sentence data; the batch order itself stays random.
"""
from __future__ import annotations

import numpy as np


def training_batches(n: int, batch_size: int, seed: int, epoch: int,
                     lengths: np.ndarray | None = None, megabatch: int = 50) -> list[np.ndarray]:
    rng = np.random.default_rng([seed, epoch])
    order = rng.permutation(n)
    if lengths is not None:
        size = batch_size * megabatch
        chunks = [order[i:i + size] for i in range(0, n, size)]
        order = np.concatenate([c[np.argsort(-lengths[c], kind="stable")] for c in chunks])
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    if lengths is not None:  # sorted chunks put long batches first in each chunk: shuffle batch order
        batches = [batches[i] for i in rng.permutation(len(batches))]
    return batches

