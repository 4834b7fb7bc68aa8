"""Teacher logits for a transfer set: one job per shard, stored raw (float32, no temperature) and keyed
by sentence id, with `num_labels`, the teacher's path, the precision it was computed in and the device's
model in the file metadata; a gather step checks that the shards are complete and sound before any
student reads them."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..io import atomic_path, write_json

log = logging.getLogger(__name__)


class LogitsError(ValueError):
    """A logit shard that does not match its transfer set; the message names the shard."""


def score_shard(transfer_shard: str | Path, teacher_dir: str | Path, out: str | Path, batch_size: int,
                precision: str, max_length: int, device) -> None:
    """`precision` as configured (`auto` resolves on `device`)."""
    from ..inference import classifier_logits, tokenize  # torch: only the scoring job needs it, not the check
    from ..precision import device_name, resolve
    from ..data.tables import split_texts
    from .model import load_teacher

    frame = pd.read_parquet(transfer_shard)
    first, second = split_texts(frame)  # a sentence-pair task's set is scored as pairs
    precision = resolve(precision, device)
    tokenizer, model = load_teacher(teacher_dir)
    model.to(device)
    started = time.perf_counter()
    encoded = tokenize(tokenizer, first, max_length, second)
    logits = classifier_logits(model, tokenizer, encoded, batch_size, precision, progress=True,
                               pairs=second is not None)
    seconds = time.perf_counter() - started
    log.info("%s: %d sentences in %.1f s (%.0f sentences/s, %s)", transfer_shard, len(frame), seconds,
             len(frame) / max(seconds, 1e-9), precision)
    table = pa.table({"id": pa.array(frame["id"], pa.string()),
                      "logits": pa.array(list(logits), pa.list_(pa.float32()))})
    table = table.replace_schema_metadata({"num_labels": str(logits.shape[1]), "teacher": str(teacher_dir),
                                           "precision": precision, "device_name": device_name(device)})
    with atomic_path(out) as tmp:
        pq.write_table(table, tmp)


def read_logits(path: str | Path) -> tuple[pd.DataFrame, dict[str, str]]:
    table = pq.read_table(path)
    metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    return table.to_pandas(), metadata


def check_logits(transfer_shards: Sequence[str | Path], logit_shards: Sequence[str | Path],
                 summary_out: str | Path) -> dict:
    """Ids unique and complete against the transfer shard they came from, values finite, one
    `num_labels` for all shards; raise LogitsError naming the shard otherwise."""
    num_labels, total = None, 0
    for transfer_path, logits_path in zip(transfer_shards, logit_shards):
        expected = pd.read_parquet(transfer_path, columns=["id"])["id"]
        frame, metadata = read_logits(logits_path)
        if "num_labels" not in metadata:
            raise LogitsError(f"{logits_path}: no num_labels in the file metadata")
        shard_labels = int(metadata["num_labels"])
        if num_labels is None:
            num_labels = shard_labels
        elif shard_labels != num_labels:
            raise LogitsError(f"{logits_path}: num_labels {shard_labels}, other shards have {num_labels}")
        if frame["id"].duplicated().any():
            raise LogitsError(f"{logits_path}: duplicate id {frame.loc[frame['id'].duplicated(), 'id'].iloc[0]!r}")
        missing = set(expected) - set(frame["id"])
        if missing:
            raise LogitsError(f"{logits_path}: {len(missing)} id(s) of {transfer_path} missing, e.g. {sorted(missing)[0]!r}")
        extra = set(frame["id"]) - set(expected)
        if extra:
            raise LogitsError(f"{logits_path}: {len(extra)} id(s) not in {transfer_path}, e.g. {sorted(extra)[0]!r}")
        values = np.stack(frame["logits"].to_numpy()) if len(frame) else np.zeros((0, shard_labels))
        if values.shape[1:] != (shard_labels,):
            raise LogitsError(f"{logits_path}: logits have {values.shape[1:]} values per row, num_labels says {shard_labels}")
        if not np.isfinite(values).all():
            bad = frame["id"].iloc[int(np.argwhere(~np.isfinite(values))[0, 0])]
            raise LogitsError(f"{logits_path}: non-finite logits for id {bad!r}")
        total += len(frame)
    summary = {"sentences": total, "num_labels": num_labels, "shards": [str(p) for p in logit_shards]}
    write_json(summary, summary_out)
    return summary


def load_all_logits(paths: Sequence[str | Path]) -> dict[str, np.ndarray]:
    """id → float32 logits over all shards (callers join on id, never on row order)."""
    out: dict[str, np.ndarray] = {}
    for path in paths:
        frame, _ = read_logits(path)
        out.update(zip(frame["id"], frame["logits"].map(lambda v: np.asarray(v, dtype=np.float32))))
    return out
