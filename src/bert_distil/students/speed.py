"""Inference throughput, measured the same way for every model and in one job per task (not inside the
training jobs, where a neighbouring job on the same cores skews it and where a gold-label student would need
the teacher only to be timed against it): pre-tokenised inputs, fixed batches, one warm-up pass, then
repeated passes until at least `min_seconds` have elapsed; the teacher and every student on the same test
sentences, side by side."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pandas as pd
import torch

from ..inference import classifier_logits, tokenize
from ..teacher.model import load_teacher
from .saved import load_student, predict


def sentences_per_second(run_all: Callable[[], None], n_sentences: int, min_seconds: float = 2.0) -> float:
    run_all()  # warm-up: allocator, kernels, caches
    passes, started = 0, time.perf_counter()
    while True:
        run_all()
        passes += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return passes * n_sentences / elapsed


def speed_table(teacher_dir: str | Path, students: dict[str, str | Path], sentences: list[str],
                sentences2: list[str] | None, batch_size: int = 256, limit: int = 256,
                min_seconds: float = 2.0) -> pd.DataFrame:
    """Sentences (or pairs) per second of the teacher and of each saved student (name → model.pt) on the
    first `limit` rows, fp32, forward only, `batch_size` rows per batch, on this process's threads; each
    student's speed-up over the teacher measured in the same run."""
    sentences = sentences[:limit]
    sentences2 = None if sentences2 is None else sentences2[:limit]
    tokenizer, teacher = load_teacher(teacher_dir)
    ids = tokenize(tokenizer, sentences, 128, sentences2)
    rates = {"teacher": sentences_per_second(
        lambda: classifier_logits(teacher, tokenizer, ids, batch_size, pairs=sentences2 is not None),
        len(sentences), min_seconds)}
    for name, path in students.items():
        model, inputs = load_student(path)
        encoded = inputs.encode(sentences, sentences2)
        rates[name] = sentences_per_second(lambda: predict(model, inputs, encoded, batch_size), len(sentences),
                                           min_seconds)
    return pd.DataFrame([{"model": name, "sentences_per_s": round(rate, 1),
                          "speedup_over_teacher": round(rate / rates["teacher"], 2), "sentences": len(sentences),
                          "batch_size": batch_size, "precision": "fp32", "threads": torch.get_num_threads()}
                         for name, rate in rates.items()])
