"""Compare two results directories of the workflow, for a change that must not change results (a refactoring,
a speed-up): every `metrics.json` without its `run` and `provenance` blocks and timing fields, every teacher
logits shard (ids, values bit for bit, file metadata except the device), and `probing/scores.csv`. Prints
each difference and exits 1 if there is any, 0 if the results agree.

    python tools/compare_results.py /path/to/before/results results

Compare runs made on the same machine in the same precision: logits and scores are only expected to agree
bit for bit there.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

DROPPED_KEYS = {"run", "provenance"}  # how a run went on its machine: not expected to repeat
TIMING = ("seconds", "_per_s", "speedup")  # timing fields wherever they are (a key containing one of these)
DROPPED_METADATA = {"device_name"}  # logits metadata about the machine, not the result


def without_timing(value: Any, top: bool = True) -> Any:
    if isinstance(value, dict):
        return {k: without_timing(v, False) for k, v in value.items()
                if not (top and k in DROPPED_KEYS) and not any(t in k for t in TIMING)}
    if isinstance(value, list):
        return [without_timing(v, False) for v in value]
    return value


def json_differences(a: Any, b: Any, where: str) -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                yield f"{where}.{key}: only in {'B' if key not in a else 'A'}"
            else:
                yield from json_differences(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from json_differences(x, y, f"{where}[{i}]")
    elif not (a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))):
        yield f"{where}: {a!r} != {b!r}"


def compare_metrics(a: Path, b: Path, name: str) -> Iterator[str]:
    yield from json_differences(without_timing(json.loads(a.read_text())),
                                without_timing(json.loads(b.read_text())), name)


def compare_logits(a: Path, b: Path, name: str) -> Iterator[str]:
    tables = [pq.read_table(p) for p in (a, b)]
    meta = [{k.decode(): v.decode() for k, v in (t.schema.metadata or {}).items() if k.decode() not in DROPPED_METADATA}
            for t in tables]
    yield from json_differences(meta[0], meta[1], f"{name} metadata")
    frames = [t.to_pandas() for t in tables]
    if frames[0]["id"].tolist() != frames[1]["id"].tolist():
        yield f"{name}: ids differ (or are in another order)"
        return
    values = [np.stack(f["logits"].to_numpy()) if len(f) else np.zeros((0, 0), np.float32) for f in frames]
    if values[0].shape != values[1].shape:
        yield f"{name}: logits of shape {values[0].shape} != {values[1].shape}"
    elif not np.array_equal(values[0], values[1]):
        rows = np.flatnonzero((values[0] != values[1]).any(axis=1))
        worst = float(np.abs(values[0] - values[1]).max())
        yield f"{name}: logits differ in {len(rows)} of {len(values[0])} rows (max |difference| {worst:.3g})"


def compare_csv(a: Path, b: Path, name: str) -> Iterator[str]:
    frames = [pd.read_csv(p) for p in (a, b)]
    if list(frames[0].columns) != list(frames[1].columns) or frames[0].shape != frames[1].shape:
        yield f"{name}: columns or shape differ ({frames[0].shape} vs {frames[1].shape})"
        return
    unequal = ~((frames[0] == frames[1]) | (frames[0].isna() & frames[1].isna()))
    for row, column in zip(*np.nonzero(unequal.to_numpy())):
        col = frames[0].columns[column]
        yield f"{name} row {row + 2} {col}: {frames[0].iat[row, column]!r} != {frames[1].iat[row, column]!r}"


COMPARED = {  # what is compared: glob pattern under a results directory -> how
    "**/metrics.json": compare_metrics,
    "**/logits/**/shard-*.parquet": compare_logits,
    "probing/scores.csv": compare_csv,
}


def differences(a: Path, b: Path) -> Iterator[str]:
    for pattern, compare in COMPARED.items():
        found = [{p.relative_to(root) for p in root.glob(pattern)} for root in (a, b)]
        for name in sorted(found[0] ^ found[1]):
            yield f"{name}: only in {'A' if name in found[0] else 'B'}"
        for name in sorted(found[0] & found[1]):
            yield from compare(a / name, b / name, str(name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path, help="a results directory (e.g. before the change)")
    parser.add_argument("b", type=Path, help="another results directory (e.g. after the change)")
    args = parser.parse_args(argv)
    for root in (args.a, args.b):
        if not root.is_dir():
            parser.error(f"{root} is not a directory")
    counts = {pattern: len(list(args.a.glob(pattern))) for pattern in COMPARED}
    found = list(differences(args.a, args.b))
    for line in found:
        print(line)
    verdict = f"{len(found)} difference(s)" if found else "no differences"
    print(f"compared {', '.join(f'{n} × {p}' for p, n in counts.items())}: {verdict}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
