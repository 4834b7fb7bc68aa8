"""Inference speed of every artifact, measured the seeds' three ways on the same pre-tokenised test rows
(model forward only, as the seeds time it):

- Tang et al. (2019, Table 2): all rows of the set at batch 512, total wall seconds (and rows/s);
- Sučík (2020): CPU time per example at batch 256 (process CPU time, all threads);
- serving: latency of one row at a time (batch 1), p50 and p95 in milliseconds.

Each model's forms are timed one after another in one process (a workflow job per model, so that each
model is timed as soon as it is exported), after one warm-up batch; `speed_table` puts the rows together."""
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
from . import BERT_LARGE
from .folder import FORMS, folder_size_mb, read_input
from .predictor import OnnxModel

TANG_BATCH, SUCIK_BATCH = 512, 256
# One batch warms up allocator, kernels and ONNX Runtime's first-run planning: a full 512-row pass did the
# same (teacher, 512 rows, one thread: Tang's seconds within the runs' own spread either way) and cost
# ~60 s of every default run's chain
WARMUP_ROWS = 64


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
    run(encoded[:WARMUP_ROWS], WARMUP_ROWS)  # warm-up
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


def _row(model, form, precision, timing, score, params, size, score_split=None) -> dict:
    return {"model": model, "form": form, "precision": precision, "score": score,
            "parameters": params["total"], "non_embedding_parameters": params["non_embedding"],
            "size_mb": round(size, 2), **{k: round(v, 4) for k, v in vars(timing).items()},
            "score_split": score_split, "threads": torch.get_num_threads()}


def _deployed_rows(name, folder, encoded, params, latency_rows) -> list[dict]:
    """A deploy folder's ONNX and int8 graphs, timed (scores from the folder's check)."""
    check = read_json(f"{folder}/check.json")
    rows = []
    for form in FORMS:
        onnx = OnnxModel(folder, form, threads=torch.get_num_threads())
        rows.append(_row(name, form, "int8" if form == "int8" else "fp32",
                         time_model(lambda rows_, bs: onnx.logits_of_encoded(rows_, bs), encoded, latency_rows),
                         _first(check[form]["scores"]), params, folder_size_mb(folder, form), check["split"]))
    return rows


def teacher_rows(teacher_dir, teacher_deploy, sentences: list[str], sentences2: list[str] | None,
                 latency_rows: int = 64, auto_precision: str = "fp32") -> list[dict]:
    """The teacher in PyTorch (fp32, and `auto_precision` where that is bf16), ONNX and int8."""
    tokenizer, teacher = load_teacher(teacher_dir)
    ids = tokenize(tokenizer, sentences, 128, sentences2)
    check = read_json(f"{teacher_deploy}/check.json")
    params, pairs, rows = parameter_counts(teacher), sentences2 is not None, []
    for precision in dict.fromkeys(["fp32", auto_precision]):
        rows.append(_row(
            "teacher", "pytorch", precision,
            time_model(lambda rows_, bs: classifier_logits(teacher, tokenizer, rows_, bs, precision, pairs=pairs),
                       ids, latency_rows),
            _first(check["pytorch"]["scores"]) if precision == "fp32" else float("nan"), params,
            _size_mb(teacher_dir), check["split"]))
    return rows + _deployed_rows("teacher", teacher_deploy, read_input(teacher_deploy).encode(sentences, sentences2),
                                 params, latency_rows)


def bert_large_shape_rows(teacher_dir, sentences: list[str], sentences2: list[str] | None,
                          latency_rows: int = 64) -> list[dict]:
    """The BERT-large shape in PyTorch fp32 (random weights, the teacher's tokenizer and labels) on
    `sentences` (give fewer rows than the others: it is ~15x the teacher's cost). Scores: none."""
    tokenizer, teacher = load_teacher(teacher_dir)
    large = bert_large_shape(teacher.config.num_labels, len(tokenizer))
    ids, pairs = tokenize(tokenizer, sentences, 128, sentences2), sentences2 is not None
    return [_row(BERT_LARGE, "pytorch", "fp32",
                 time_model(lambda rows_, bs: classifier_logits(large, tokenizer, rows_, bs, pairs=pairs), ids,
                            latency_rows=min(latency_rows, 16)),
                 float("nan"), parameter_counts(large), 4 * sum(p.numel() for p in large.parameters()) / 2**20)]


def student_rows(name: str, model_path, folder, sentences: list[str], sentences2: list[str] | None,
                 latency_rows: int = 64) -> list[dict]:
    """A student's first-seed model.pt in PyTorch fp32 and its deploy folder's ONNX and int8 graphs."""
    model, inputs = load_student(model_path)
    encoded = inputs.encode(sentences, sentences2)
    params = parameter_counts(model)
    check = read_json(f"{folder}/check.json")
    return [_row(name, "pytorch", "fp32", time_model(lambda rows_, bs: predict(model, inputs, rows_, bs), encoded,
                                                      latency_rows),
                 _first(check["pytorch"]["scores"]), params, _size_mb(model_path), check["split"]),
            *_deployed_rows(name, folder, encoded, params, latency_rows)]


def speed_table(rows: Sequence[dict] | pd.DataFrame) -> pd.DataFrame:
    """The deploy table: every timed row, with speed-ups over the teacher's and the BERT-large shape's
    PyTorch fp32 rows (where timed): `speedup_over_*` by Sučík's CPU time per example at batch 256,
    `tang_speedup_over_*` by Tang's throughput at batch 512. Rows timed in separate jobs are compared
    here, so their ratios carry the drift between those jobs (a few %: README, Deployable students)."""
    frame = pd.DataFrame(rows).reset_index(drop=True)
    splits = frame["score_split"].dropna()
    frame["score_split"] = splits.iloc[0] if len(splits) else None  # the BERT-large shape has no scores
    reference = frame[(frame["form"] == "pytorch") & (frame["precision"] == "fp32")].set_index("model")
    for other, column in (("teacher", "speedup_over_teacher"), (BERT_LARGE, "speedup_over_bert_large")):
        if other in reference.index:  # Sučík's measure: CPU time per example at batch 256
            frame[column] = (reference.loc[other, "sucik_cpu_ms_per_row"] / frame["sucik_cpu_ms_per_row"]).round(1)
            frame[f"tang_{column}"] = (frame["tang_rows_per_s"] / reference.loc[other, "tang_rows_per_s"]).round(1)
    return frame[[c for c in frame.columns if c not in ("score_split", "threads")] + ["score_split", "threads"]]


def deploy_table(teacher_dir, teacher_deploy, students: dict[str, tuple[str, str]], sentences: list[str],
                 sentences2: list[str] | None, rows: int = 512, bert_large_rows: int = 64,
                 latency_rows: int = 64, auto_precision: str = "fp32") -> pd.DataFrame:
    """Every row of the deploy table timed in this one process, side by side (benchmarks/deploy_speed.py):
    the teacher's rows, the BERT-large shape's on `bert_large_rows` rows (0: none), each student's
    (name → (model.pt, deploy folder)), all on the first `rows` sentences."""
    sentences, sentences2 = sentences[:rows], None if sentences2 is None else sentences2[:rows]
    table = teacher_rows(teacher_dir, teacher_deploy, sentences, sentences2, latency_rows, auto_precision)
    if bert_large_rows:
        table += bert_large_shape_rows(teacher_dir, sentences[:bert_large_rows],
                                       None if sentences2 is None else sentences2[:bert_large_rows], latency_rows)
    for name, (model_path, folder) in students.items():
        table += student_rows(name, model_path, folder, sentences, sentences2, latency_rows)
    return speed_table(table)


def _first(scores: dict) -> float:
    """The task metric (the first of a check's scores; its companions follow it)."""
    return round(float(next(iter(scores.values()))), 2)
