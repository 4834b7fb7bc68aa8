"""Inference speed of every artifact, measured the seeds' three ways in one process, side by side, on the
same pre-tokenised test rows (model forward only, as the seeds time it):

- Tang et al. (2019, Table 2): all rows of the set at batch 512, total wall seconds (and rows/s);
- Sučík (2020): CPU time per example at batch 256 (process CPU time, all threads);
- serving: latency of one row at a time (batch 1), p50 and p95 in milliseconds.

Each measurement follows one warm-up pass (allocator, kernels, ONNX Runtime's first-run planning)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import torch

from ..inference import classifier_logits, tokenize
from ..io import read_json
from ..students.saved import load_student, predict
from ..teacher.model import load_teacher
from ..training.metrics import parameter_counts
from .folder import FORMS, folder_size_mb, read_input
from .predictor import OnnxModel

TANG_BATCH, SUCIK_BATCH = 512, 256


def sentences_per_second(run_all: Callable[[], None], n_sentences: int, min_seconds: float = 2.0) -> float:
    """Throughput of `run_all` (which handles `n_sentences`): one warm-up pass, then passes until at least
    `min_seconds` have elapsed (the benchmarks' side-by-side comparisons)."""
    run_all()
    passes, started = 0, time.perf_counter()
    while True:
        run_all()
        passes += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return passes * n_sentences / elapsed


@dataclass
class Timing:
    rows: int
    tang_seconds: float
    tang_rows_per_s: float
    sucik_cpu_ms_per_row: float
    latency_p50_ms: float
    latency_p95_ms: float


def time_model(run: Callable[[Sequence[list[int]], int], object], encoded: Sequence[list[int]],
               latency_rows: int = 64) -> Timing:
    """`run(encoded rows, batch size)` computes the outputs of those rows; timed three ways."""
    run(encoded[:TANG_BATCH], TANG_BATCH)  # warm-up
    started = time.perf_counter()
    run(encoded, TANG_BATCH)
    tang = time.perf_counter() - started
    cpu_started = time.process_time()
    run(encoded, SUCIK_BATCH)
    cpu = time.process_time() - cpu_started
    singles = [[row] for row in encoded[:latency_rows]]
    run(singles[0], 1)
    latencies = []
    for single in singles:
        started = time.perf_counter()
        run(single, 1)
        latencies.append(1000.0 * (time.perf_counter() - started))
    return Timing(len(encoded), tang, len(encoded) / tang, 1000.0 * cpu / len(encoded),
                  float(np.percentile(latencies, 50)), float(np.percentile(latencies, 95)))


def bert_large_shape(num_labels: int, vocab_size: int):
    """BERT-large's shape (24 layers, H 1024, 16 heads, I 4096) with random weights: the seeds' teacher,
    whose speed does not depend on its weights."""
    from transformers import BertConfig, BertForSequenceClassification

    config = BertConfig(vocab_size=vocab_size, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                        intermediate_size=4096, num_labels=num_labels)
    return BertForSequenceClassification(config).eval()


def _size_mb(*paths) -> float:
    total = 0
    for path in map(Path, paths):
        files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
        total += sum(f.stat().st_size for f in files)
    return total / 2**20


def deploy_table(teacher_dir, teacher_deploy, students: dict[str, tuple[str, str]], sentences: list[str],
                 sentences2: list[str] | None, rows: int = 512, bert_large_rows: int = 64,
                 latency_rows: int = 64, auto_precision: str = "fp32") -> pd.DataFrame:
    """One row per artifact: the teacher in PyTorch (fp32, and `auto_precision` where that is bf16), ONNX
    and int8; the BERT-large shape (PyTorch fp32, on `bert_large_rows` rows: it is ~15x the teacher's
    cost); each student (name → (model.pt, deploy folder)) in PyTorch, ONNX and int8. Scores (the task
    metric) come from each deploy folder's check: every form on the whole test split, or dev where test
    is unlabelled (`score_split`). Speed-ups over the teacher's
    and the BERT-large shape's PyTorch fp32 rows: `speedup_over_*` by Sučík's CPU time per example at batch
    256, `tang_speedup_over_*` by Tang's throughput at batch 512 (`bert_large_rows` 0: no BERT-large row)."""
    sentences, pairs = sentences[:rows], sentences2 is not None
    sentences2 = sentences2[:rows] if pairs else None
    table = []

    def add(model, form, precision, timing, score, params, size):
        table.append({"model": model, "form": form, "precision": precision, "score": score,
                      "parameters": params["total"], "non_embedding_parameters": params["non_embedding"],
                      "size_mb": round(size, 2), **{k: round(v, 4) for k, v in vars(timing).items()}})

    def add_deployed(name, folder, encoded, params):
        check = read_json(f"{folder}/check.json")
        for form in FORMS:
            onnx = OnnxModel(folder, form, threads=torch.get_num_threads())
            add(name, form, "int8" if form == "int8" else "fp32",
                time_model(lambda rows_, bs: onnx.logits_of_encoded(rows_, bs), encoded, latency_rows),
                _first(check[form]["scores"]), params, folder_size_mb(folder, form))

    tokenizer, teacher = load_teacher(teacher_dir)
    ids = tokenize(tokenizer, sentences, 128, sentences2)
    teacher_check = read_json(f"{teacher_deploy}/check.json")
    teacher_params = parameter_counts(teacher)
    for precision in dict.fromkeys(["fp32", auto_precision]):
        add("teacher", "pytorch", precision,
            time_model(lambda rows_, bs: classifier_logits(teacher, tokenizer, rows_, bs, precision, pairs=pairs),
                       ids, latency_rows),
            _first(teacher_check["pytorch"]["scores"]) if precision == "fp32" else float("nan"), teacher_params,
            _size_mb(teacher_dir))
    add_deployed("teacher", teacher_deploy, read_input(teacher_deploy).encode(sentences, sentences2),
                 teacher_params)
    if bert_large_rows:
        large = bert_large_shape(teacher.config.num_labels, len(tokenizer))
        add("bert-large-shape", "pytorch", "fp32",
            time_model(lambda rows_, bs: classifier_logits(large, tokenizer, rows_, bs, pairs=pairs),
                       ids[:bert_large_rows], latency_rows=min(latency_rows, 16)),
            float("nan"), parameter_counts(large), 4 * sum(p.numel() for p in large.parameters()) / 2**20)
        del large
    for name, (model_path, folder) in students.items():
        model, inputs = load_student(model_path)
        encoded = inputs.encode(sentences, sentences2)
        params = parameter_counts(model)
        add(name, "pytorch", "fp32", time_model(lambda rows_, bs: predict(model, inputs, rows_, bs), encoded,
                                                 latency_rows),
            _first(read_json(f"{folder}/check.json")["pytorch"]["scores"]), params, _size_mb(model_path))
        add_deployed(name, folder, encoded, params)
    frame = pd.DataFrame(table)
    reference = frame[(frame["form"] == "pytorch") & (frame["precision"] == "fp32")].set_index("model")
    for other, column in (("teacher", "speedup_over_teacher"), ("bert-large-shape", "speedup_over_bert_large")):
        if other in reference.index:  # Sučík's measure: CPU time per example at batch 256
            frame[column] = (reference.loc[other, "sucik_cpu_ms_per_row"] / frame["sucik_cpu_ms_per_row"]).round(1)
            frame[f"tang_{column}"] = (frame["tang_rows_per_s"] / reference.loc[other, "tang_rows_per_s"]).round(1)
    frame["score_split"] = teacher_check["split"]
    frame["threads"] = torch.get_num_threads()
    return frame


def _first(scores: dict) -> float:
    """The task metric (the first of a check's scores; its companions follow it)."""
    return round(float(next(iter(scores.values()))), 2)
