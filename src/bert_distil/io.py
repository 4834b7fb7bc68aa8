"""Atomic file output: a killed job never leaves a file or folder that looks complete.

Everything is written next to its final path under a temporary name and renamed into place at the end
(rename is atomic on POSIX file systems, including the shared file systems of clusters).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


@contextlib.contextmanager
def atomic_path(final: str | os.PathLike, directory: bool = False) -> Iterator[Path]:
    """Yield a temporary sibling path; on success move it to `final`, on error remove it."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    if directory:
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
        os.close(fd)
        tmp = Path(name)
    try:
        yield tmp
        if directory and final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True) if directory else tmp.unlink(missing_ok=True)
        raise


def save_pretrained(folder: str | os.PathLike, *parts: Any) -> None:
    """Hugging Face objects (a model and its tokenizer) saved together into one folder, atomically."""
    with atomic_path(folder, directory=True) as tmp:
        for part in parts:
            part.save_pretrained(tmp)


def write_json(obj: Any, path: str | os.PathLike) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, sort_keys=False) + "\n")


def read_json(path: str | os.PathLike) -> Any:
    return json.loads(Path(path).read_text())


def write_parquet(df: pd.DataFrame, path: str | os.PathLike, metadata: dict[str, Any] | None = None) -> None:
    """Write `df` atomically; `metadata` goes into the file's key-value metadata as JSON strings."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    if metadata:
        merged = dict(table.schema.metadata or {})
        merged.update({k.encode(): json.dumps(v).encode() for k, v in metadata.items()})
        table = table.replace_schema_metadata(merged)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)


def read_parquet_metadata(path: str | os.PathLike) -> dict[str, Any]:
    """The JSON metadata that `write_parquet` stored (pandas' own entry left out)."""
    raw = pq.read_schema(path).metadata or {}
    return {k.decode(): json.loads(v) for k, v in raw.items() if k != b"pandas"}


def write_csv(df: pd.DataFrame, path: str | os.PathLike) -> None:
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False)
