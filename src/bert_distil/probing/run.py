"""Probing one encoder on every task (the `probe_encoder` rule) and collecting the results."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import torch

from ..io import write_json
from ..precision import hardware, resolve
from ..runtime import device
from .encode import encoder_layers, student_layers
from .probe import ProbeSettings, majority_baseline, probe_layer
from .senteval import SHORT_NAMES, read_probing_file
from .tasks import SPLITS, task_summary

log = logging.getLogger(__name__)


def encode(model: dict, sentences: list[str], settings: dict, precision: str,
           device: torch.device) -> tuple[dict[str, np.ndarray], list[float]]:
    """Layer encodings (on `device`, in the resolved `precision`) and each layer's relative depth (0 = input
    side, 1 = the last layer probed)."""
    if model["kind"] == "hf":
        layers = encoder_layers(model["path"], sentences, model["layers"], settings["batch_size"], precision,
                                device=device)
        top = max(model["layers"]) or 1
        return layers, [k / top for k in model["layers"]]
    layers = student_layers(model["path"], sentences, settings["batch_size"], precision, device=device)
    return layers, list(np.linspace(0, 1, len(layers))) if len(layers) > 1 else [1.0]


def task_groups(frames: dict[str, pd.DataFrame], max_sentences: int) -> list[list[str]]:
    """Tasks in groups whose distinct sentences are encoded together (a sentence shared by tasks of a group
    is encoded once), each group at most `max_sentences` sentences unless one task alone has more: the
    built tasks share one corpus and fit in one group; SentEval's 120k-sentence files go one by one."""
    groups, sentences = [[]], set()
    for task, frame in frames.items():
        these = set(frame["sentence"])
        if groups[-1] and len(sentences | these) > max_sentences:
            groups.append([])
            sentences = set()
        groups[-1].append(task)
        sentences |= these
    return groups


def probe_encoder(name: str, model: dict, data: dict[str, str], outputs: dict[str, str], settings: dict,
                  max_sentences: int = 50_000) -> None:
    """Encode the tasks' sentences (in groups that bound the memory), then probe each layer per task."""
    probe = ProbeSettings(**settings["probe"])
    run_device = device()
    encoding = {"precision": resolve(settings["precision"], run_device), **hardware(run_device)}
    frames = {task: read_probing_file(path) for task, path in data.items()}
    for group in task_groups(frames, max_sentences):
        sentences = sorted({s for task in group for s in frames[task]["sentence"]})
        started = time.perf_counter()
        layers, positions = encode(model, sentences, settings, encoding["precision"], run_device)
        log.info("%s: %d sentences of %s encoded at %d layers in %.1f s", name, len(sentences), ", ".join(group),
                 len(layers), time.perf_counter() - started)
        row = {s: k for k, s in enumerate(sentences)}
        for task in group:
            result = probe_task(name, model, task, frames[task], row, layers, positions, probe)
            write_json({**result, "encoding": encoding}, outputs[task])


def probe_task(name: str, model: dict, task: str, frame: pd.DataFrame, row: dict[str, int],
               layers: dict[str, np.ndarray], positions: list[float], probe: ProbeSettings) -> dict:
    """Every layer's probe on one task; `row` maps a sentence to its row in the layer encodings."""
    started = time.perf_counter()
    classes = sorted(frame["label"].unique())
    code = {label: k for k, label in enumerate(classes)}
    parts = {s: frame[frame["split"] == s] for s in SPLITS}
    index = {s: part["sentence"].map(row).to_numpy() for s, part in parts.items()}
    labels = {s: part["label"].map(code).to_numpy() for s, part in parts.items()}
    results = []
    for (layer, values), position in zip(layers.items(), positions):
        scores = probe_layer({s: values[index[s]] for s in SPLITS}, labels, probe)
        results.append({"layer": layer, "position": round(float(position), 4), "dim": int(values.shape[1]), **scores})
    majority = majority_baseline(labels["train"], labels["test"])
    best = max(results, key=lambda r: r["dev"])
    log.info("%s %s: best layer %s test %.3f (majority %.3f), %.1f s", name, task, best["layer"], best["test"],
             majority, time.perf_counter() - started)
    return {"task": task, "encoder": name, "model": model, "classes": classes,
            "sizes": {s: int(len(p)) for s, p in parts.items()}, "majority": majority, "probe": vars(probe),
            "layers": results}


def scores_table(results: Sequence[dict]) -> pd.DataFrame:
    """One row per encoder, task and layer: the best dev setting's test accuracy and the majority baseline."""
    rows = [{"encoder": r["encoder"], "task": r["task"], "task_name": SHORT_NAMES.get(r["task"], r["task"]),
             "layer": layer["layer"], "position": layer["position"], "dim": layer["dim"],
             "hidden": layer["hidden"], "dropout": layer["dropout"], "dev": round(layer["dev"], 4),
             "test": round(layer["test"], 4), "majority": round(r["majority"], 4), "classes": len(r["classes"]),
             **{f"{s}_size": r["sizes"][s] for s in SPLITS}}
            for r in results for layer in r["layers"]]
    return pd.DataFrame(rows)


def data_table(paths: Sequence[str]) -> pd.DataFrame:
    """Sizes and class balance of each probing task's file."""
    return pd.DataFrame([task_summary(Path(p).stem, read_probing_file(p)) for p in paths])
