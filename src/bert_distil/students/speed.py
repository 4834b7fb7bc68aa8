"""Inference throughput, measured the same way for every model: pre-tokenised inputs, fixed batches,
one warm-up pass, then repeated passes until at least `min_seconds` have elapsed; a student's speed and
its speed-up over the teacher, measured in one process on the same sentences."""
from __future__ import annotations

import time
from typing import Any, Callable

import torch

from ..inference import classifier_logits, tokenize
from ..teacher.model import load_teacher
from .saved import predict


def sentences_per_second(run_all: Callable[[], None], n_sentences: int, min_seconds: float = 2.0) -> float:
    run_all()  # warm-up: allocator, kernels, caches
    passes, started = 0, time.perf_counter()
    while True:
        run_all()
        passes += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return passes * n_sentences / elapsed


def inference_speed(model, inputs, sentences: list[str], sentences2: list[str] | None, teacher_dir: str | None,
                    batch_size: int, limit: int = 256) -> dict[str, Any]:
    """Student and teacher sentences (or pairs) per second on the same rows (the first `limit`) in this
    process (fp32, model forward only, inputs tokenised beforehand, `batch_size` rows per batch)."""
    sentences = sentences[:limit]
    sentences2 = None if sentences2 is None else sentences2[:limit]
    encoded = inputs.encode(sentences, sentences2)
    student = sentences_per_second(lambda: predict(model, inputs, encoded, batch_size), len(sentences))
    out = {"inference": {"sentences": len(sentences), "batch_size": batch_size, "precision": "fp32",
                         "threads": torch.get_num_threads(), "student_sentences_per_s": round(student, 1)}}
    if teacher_dir:
        tokenizer, teacher = load_teacher(teacher_dir)
        teacher.to(next(model.parameters()).device)
        ids = tokenize(tokenizer, sentences, 128, sentences2)
        rate = sentences_per_second(lambda: classifier_logits(teacher, tokenizer, ids, batch_size,
                                                              pairs=sentences2 is not None), len(sentences))
        out["inference"]["teacher_sentences_per_s"] = round(rate, 1)
        out["inference"]["speedup_over_teacher"] = round(student / rate, 2)
    return out
