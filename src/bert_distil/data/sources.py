"""Source parsers, one per original format, in the `PARSERS` registry (the `source:` of a task), plus
`hf:<dataset>/<config>` through `datasets`. Each returns a `TaskData` of `Row`s that name file and line.
GLUE's parsers (`glue-*`) live in `glue.py`, which registers them here; the package imports it, so
`PARSERS` holds them whichever module is imported first."""
from __future__ import annotations

import io
import logging
import math
import tarfile
from pathlib import Path
from typing import Iterator

from ..registry import Registry
from .rows import SPLITS, UNLABELLED, DataError, Row, TaskData

log = logging.getLogger(__name__)

PARSERS = Registry("data source")


def decoded_lines(name: str, data: bytes) -> Iterator[tuple[int, str]]:
    """(1-based line number, text without line ending) for each non-empty line; strict UTF-8."""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        if not raw:
            continue
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise DataError(f"{name}:{number}: undecodable bytes ({err.reason} at byte {err.start})") from None


def _fields(name: str, number: int, line: str, expected: int) -> list[str]:
    parts = line.split("\t")
    if len(parts) != expected:
        raise DataError(f"{name}:{number}: expected {expected} tab-separated fields, found {len(parts)}")
    return parts


def _int_label(text: str, name: str, number: int) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None  # validation reports it with the row's location


VADER_INNER = "additional_resources/hutto_ICWSM_2014.tar.gz"


def vader_member(tarball: Path, member: str) -> tuple[str, bytes]:
    """(name for messages, bytes) of a file inside the inner tarball of vaderSentiment's sdist (its four
    human-rated corpora: Hutto & Gilbert 2014)."""
    with tarfile.open(tarball) as outer:
        inner_info = next((m for m in outer.getmembers() if m.name.endswith(VADER_INNER)), None)
        if inner_info is None:
            raise DataError(f"{tarball}: no {VADER_INNER} inside")
        inner_bytes = outer.extractfile(inner_info).read()
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        path = f"hutto_ICWSM_2014/{member}"
        try:
            data = inner.extractfile(path).read()
        except KeyError:
            raise DataError(f"{tarball}!{VADER_INNER}: no {path} inside") from None
    return f"{Path(tarball).name}!{path}", data


@PARSERS.register("vader-rt")
def parse_vader_rt(files: dict[str, Path]) -> TaskData:
    """Rotten Tomatoes snippets with human sentiment scores (Hutto & Gilbert 2014), read from the
    vaderSentiment source tarball: `id\\tscore\\tsentence`; score 0 dropped, label = score > 0."""
    (tarball,) = files.values()
    name, data = vader_member(tarball, "movieReviewSnippets_GroundTruth.txt")
    rows, zeros = [], 0
    for number, line in decoded_lines(name, data):
        snippet_id, score_text, sentence = _fields(name, number, line, 3)
        try:
            score = float(score_text)
        except ValueError:
            score = math.nan
        if not math.isfinite(score):  # "nan", "inf" or not a number: no usable label
            rows.append(Row(f"rt-{snippet_id}", sentence, None, f"{name}:{number}"))
            continue
        if score == 0:
            zeros += 1
            continue
        rows.append(Row(f"rt-{snippet_id}", sentence, int(score > 0), f"{name}:{number}"))
    log.info("%s: %d snippets, %d with score 0 dropped", name, len(rows), zeros)
    return TaskData({"all": rows}, ["negative", "positive"])


@PARSERS.register("sara")
def parse_sara(files: dict[str, Path]) -> TaskData:
    """Sara intents: `{train,dev,test}.tsv` with `label_int\\ttext`, `int_to_intent.tsv` with the names."""
    by_name = {Path(p).name: Path(p) for p in files.values()}
    intents: dict[int, str] = {}
    names_file = by_name["int_to_intent.tsv"]
    for number, line in decoded_lines(names_file.name, names_file.read_bytes()):
        first, second = _fields(names_file.name, number, line, 2)
        index, intent = (first, second) if first.strip().isdigit() else (second, first)
        intents[int(index)] = intent.strip()
    if sorted(intents) != list(range(len(intents))):
        raise DataError(f"{names_file}: intent numbers are not 0..{len(intents) - 1}")
    splits = {}
    for split in SPLITS:
        path = by_name[f"{split}.tsv"]
        rows = []
        for i, (number, line) in enumerate(decoded_lines(path.name, path.read_bytes())):
            label_text, sentence = _fields(path.name, number, line, 2)
            rows.append(Row(f"{split}-{i:05d}", sentence, _int_label(label_text, path.name, number),
                            f"{path.name}:{number}"))
        splits[split] = rows
    return TaskData(splits, [intents[i] for i in range(len(intents))])


@PARSERS.register("tsv")
def parse_tsv(files: dict[str, Path]) -> TaskData:
    """Your own data: `{train,dev,test}.tsv` (or one file to be split) with a header `sentence\\tlabel`;
    labels are names (or numbers), numbered in sorted order of the names seen."""
    parsed: dict[str, list[tuple[str, str, str]]] = {}
    for key, path in files.items():
        path = Path(path)
        lines = list(decoded_lines(path.name, path.read_bytes()))
        if not lines or lines[0][1].split("\t") != ["sentence", "label"]:
            raise DataError(f"{path}:1: expected the header 'sentence<TAB>label'")
        split = Path(key).stem if len(files) > 1 else "all"
        parsed[split] = [(*_fields(path.name, n, line, 2), f"{path.name}:{n}") for n, line in lines[1:]]
    names = sorted({label.strip() for rows in parsed.values() for _, label, _ in rows if label.strip()})
    if all(n.lstrip("-").isdigit() for n in names):
        names = [str(n) for n in sorted(int(n) for n in names)]
    index = {n: i for i, n in enumerate(names)}
    splits = {split: [Row(f"{split}-{i:06d}", s, index.get(label.strip()), where)
                      for i, (s, label, where) in enumerate(rows)]
              for split, rows in parsed.items()}
    return TaskData(splits, names)


def parse_hf(dataset: str, text_column: str = "sentence", label_column: str = "label") -> TaskData:
    """`hf:<dataset>/<config>` through `datasets.load_dataset` (needs the hub). Splits train /
    validation / test; labels of -1 (the GLUE convention for hidden test labels) mark an unlabelled split."""
    import datasets  # heavy import, only for this source

    name, _, config = dataset.partition("/")
    loaded = datasets.load_dataset(name, config or None)
    label_names = loaded["train"].features[label_column].names
    splits, unlabelled = {}, set()
    for split, hf_split in (("train", "train"), ("dev", "validation"), ("test", "test")):
        part = loaded[hf_split]
        labels = part[label_column]
        if all(label == UNLABELLED for label in labels):
            unlabelled.add(split)
        splits[split] = [Row(f"{split}-{i:06d}", s, int(label), f"{dataset}[{hf_split}]:{i + 1}")
                         for i, (s, label) in enumerate(zip(part[text_column], labels))]
    return TaskData(splits, list(label_names), unlabelled)
