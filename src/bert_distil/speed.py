"""Inference throughput, measured the same way for every model: pre-tokenised inputs, fixed batches,
one warm-up pass, then repeated passes until at least `min_seconds` have elapsed."""
from __future__ import annotations

import time
from typing import Callable


def sentences_per_second(run_all: Callable[[], None], n_sentences: int, min_seconds: float = 2.0) -> float:
    run_all()  # warm-up: allocator, kernels, caches
    passes, started = 0, time.perf_counter()
    while True:
        run_all()
        passes += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return passes * n_sentences / elapsed
