"""GLUE's original files, one parser per task (`source: glue-<task>`), registered into `sources.PARSERS`.

The zips are those GLUE's own `download_glue_data.py` fetches (`GLUE_URLS`); MRPC is built as that script
builds it, from the MSR paraphrase files and GLUE's dev ids. Every file is tab-separated and read by tabs
only: GLUE's texts hold unbalanced `"`, so csv quoting would merge rows. Columns are found by header name
where the file has a header. Row ids are stable and unique per split (`<split>-<the file's index or id>`),
and `where` is `zip!folder/file:line` (or `file:line`).
"""
from __future__ import annotations

import logging
import math
import zipfile
from pathlib import Path
from typing import Callable

from .rows import SPLITS, UNLABELLED, DataError, Label, Row, TaskData
from .sources import PARSERS, _fields, _int_label, decoded_lines

log = logging.getLogger(__name__)

# What GLUE's download script (download_glue_data.py, W4ngatang's gist, as used by GLUE-baselines and jiant)
# fetches, per task, keyed by file name as a task's `files:` names them. (Some copies of the script swap the
# QQP and STS keys of TASK2PATH; the zips are these.)
_SENTEVAL = "https://dl.fbaipublicfiles.com/senteval/senteval_data"
GLUE_URLS: dict[str, dict[str, str]] = {
    "glue-cola": {"CoLA.zip": "https://dl.fbaipublicfiles.com/glue/data/CoLA.zip"},
    "glue-sst2": {"SST-2.zip": "https://dl.fbaipublicfiles.com/glue/data/SST-2.zip"},
    "glue-mrpc": {
        "msr_paraphrase_train.txt": f"{_SENTEVAL}/msr_paraphrase_train.txt",
        "msr_paraphrase_test.txt": f"{_SENTEVAL}/msr_paraphrase_test.txt",
        "mrpc_dev_ids.tsv": "https://firebasestorage.googleapis.com/v0/b/mtl-sentence-representations.appspot.com"
                            "/o/data%2Fmrpc_dev_ids.tsv?alt=media&token=ec5c0836-31d5-48f4-b431-7480817f1adc",
    },
    "glue-qqp": {"QQP-clean.zip": "https://dl.fbaipublicfiles.com/glue/data/QQP-clean.zip"},
    "glue-stsb": {"STS-B.zip": "https://dl.fbaipublicfiles.com/glue/data/STS-B.zip"},
    "glue-mnli": {"MNLI.zip": "https://dl.fbaipublicfiles.com/glue/data/MNLI.zip"},
    "glue-qnli": {"QNLIv2.zip": "https://dl.fbaipublicfiles.com/glue/data/QNLIv2.zip"},
    "glue-rte": {"RTE.zip": "https://dl.fbaipublicfiles.com/glue/data/RTE.zip"},
    "glue-wnli": {"WNLI.zip": "https://dl.fbaipublicfiles.com/glue/data/WNLI.zip"},
}

GLUE_LAYOUT = {
    # task: (folder in the zip, has header in train/dev, column of the label, column of the sentence, n fields)
    "glue-cola": ("CoLA", False, 1, 3, 4),
    "glue-sst2": ("SST-2", True, 1, 0, 2),
}


def _parse_glue(source: str, files: dict[str, Path], label_names: list[str]) -> TaskData:
    (zip_path,) = files.values()
    folder, header, label_col, sentence_col, n_fields = GLUE_LAYOUT[source]
    splits: dict[str, list[Row]] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for split in SPLITS:
            name = f"{Path(zip_path).name}!{folder}/{split}.tsv"
            lines = list(decoded_lines(name, archive.read(f"{folder}/{split}.tsv")))
            rows = []
            if split == "test":  # GLUE test files: header `index\tsentence`, no labels
                for number, line in lines[1:]:
                    index, sentence = _fields(name, number, line, 2)
                    rows.append(Row(f"test-{index}", sentence, UNLABELLED, f"{name}:{number}"))
            else:
                for i, (number, line) in enumerate(lines[1:] if header else lines):
                    parts = _fields(name, number, line, n_fields)
                    rows.append(Row(f"{split}-{i:06d}", parts[sentence_col],
                                    _int_label(parts[label_col], name, number), f"{name}:{number}"))
            splits[split] = rows
    return TaskData(splits, label_names, unlabelled_splits={"test"})


@PARSERS.register("glue-cola")
def parse_glue_cola(files: dict[str, Path]) -> TaskData:
    return _parse_glue("glue-cola", files, ["unacceptable", "acceptable"])


@PARSERS.register("glue-sst2")
def parse_glue_sst2(files: dict[str, Path]) -> TaskData:
    return _parse_glue("glue-sst2", files, ["negative", "positive"])


# --- sentence pairs and regression ------------------------------------------------------------------------

def _named_label(names: list[str]) -> Callable[[str, str], Label]:
    """A label given by its name (MNLI, QNLI, RTE); an unknown name is an error naming file:line."""
    index = {n: i for i, n in enumerate(names)}

    def label(text: str, where: str) -> Label:
        if text not in index:
            raise DataError(f"{where}: unknown label {text!r}; expected one of {names}")
        return index[text]

    return label


def _number_label(text: str, where: str) -> Label:
    """A class number (MRPC, QQP, WNLI); not a number: None, reported by validation."""
    try:
        return int(text)
    except ValueError:
        return None


def _score(text: str, where: str) -> Label:
    """A float score (STS-B); not a number: NaN, reported by validation with the range."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def _header(name: str, lines: list[tuple[int, str]], needed: list[str]) -> dict[str, int]:
    """Column name -> position, from the first line; DataError naming the file if a needed one is absent."""
    if not lines:
        raise DataError(f"{name}:1: empty file, expected a header with {needed}")
    number, line = lines[0]
    columns = {column.strip(): i for i, column in enumerate(line.lstrip("\ufeff").split("\t"))}
    missing = [c for c in needed if c not in columns]
    if missing:
        raise DataError(f"{name}:{number}: header lacks column(s) {missing}; has {list(columns)}")
    return columns


def _pair_rows(name: str, data: bytes, split: str, columns: tuple[str, str, str, str | None],
               label: Callable[[str, str], Label], skip_short: bool = False,
               score_last: bool = False) -> list[Row]:
    """Rows of one tab-separated file with a header: `columns` = (id, first text, second text, label or
    None for an unlabelled file). `skip_short`: rows with fewer fields than the header are skipped and
    counted (QQP). `score_last`: the label is the last field, also on rows with extra fields (STS-B, as
    GLUE's reference processors read it)."""
    lines = list(decoded_lines(name, data))
    id_col, first_col, second_col, label_col = columns
    header = _header(name, lines, [c for c in columns if c is not None])
    width = max(header.values()) + 1
    rows, short, first_short = [], 0, None
    for number, line in lines[1:]:
        parts = line.split("\t")
        where = f"{name}:{number}"
        if len(parts) < width and skip_short:
            short += 1
            first_short = first_short or where
            continue
        if len(parts) != width and not (score_last and len(parts) > width):
            raise DataError(f"{where}: expected {width} tab-separated fields, found {len(parts)}")
        value = UNLABELLED if label_col is None else label(
            parts[-1] if score_last else parts[header[label_col]], where)
        rows.append(Row(f"{split}-{parts[header[id_col]]}", parts[header[first_col]], value, where,
                        sentence2=parts[header[second_col]]))
    if short:
        log.warning("%s: %d row(s) with missing fields skipped (first at %s)", name, short, first_short)
    return rows


def _parse_pairs(files: dict[str, Path], folder: str, split_files: dict[str, str], labelled: set[str],
                 columns: tuple[str, str, str, str], label: Callable[[str, str], Label],
                 label_names: list[str], skip_short: bool = False, score_last: bool = False) -> TaskData:
    """One GLUE pair zip: `split_files` maps split -> file in `folder`; splits not in `labelled` have no
    label column (GLUE's hidden test labels). `skip_short` applies to labelled splits only."""
    (zip_path,) = files.values()
    splits: dict[str, list[Row]] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for split, file in split_files.items():
            name = f"{Path(zip_path).name}!{folder}/{file}"
            try:
                data = archive.read(f"{folder}/{file}")
            except KeyError:
                raise DataError(f"{Path(zip_path).name}: no {folder}/{file} inside") from None
            cols = columns if split in labelled else (*columns[:3], None)
            splits[split] = _pair_rows(name, data, split, cols, label, skip_short=skip_short and split in labelled,
                                       score_last=score_last)
    unlabelled = set(split_files) - labelled
    return TaskData(splits, label_names, unlabelled_splits=unlabelled)


_STANDARD = {"train": "train.tsv", "dev": "dev.tsv", "test": "test.tsv"}


@PARSERS.register("glue-qqp")
def parse_glue_qqp(files: dict[str, Path]) -> TaskData:
    """QQP-clean.zip `QQP/{train,dev}.tsv`: `id qid1 qid2 question1 question2 is_duplicate`; test.tsv:
    `id question1 question2`. A few train/dev rows have missing fields (a question broken over lines):
    they are skipped and counted."""
    return _parse_pairs(files, "QQP", _STANDARD, {"train", "dev"},
                        ("id", "question1", "question2", "is_duplicate"), _number_label,
                        ["not_duplicate", "duplicate"], skip_short=True)


MNLI_LABELS = ["contradiction", "entailment", "neutral"]


@PARSERS.register("glue-mnli")
def parse_glue_mnli(files: dict[str, Path]) -> TaskData:
    """MNLI.zip `MNLI/`: train, dev and test matched (`dev`, `test`) and mismatched (`dev_mismatched`,
    `test_mismatched`) as separate splits; columns `index`, `sentence1`, `sentence2`, `gold_label` by
    header name (the files carry parses and annotator labels besides). Both test splits are unlabelled."""
    return _parse_pairs(files, "MNLI", {
        "train": "train.tsv", "dev": "dev_matched.tsv", "dev_mismatched": "dev_mismatched.tsv",
        "test": "test_matched.tsv", "test_mismatched": "test_mismatched.tsv",
    }, {"train", "dev", "dev_mismatched"}, ("index", "sentence1", "sentence2", "gold_label"),
        _named_label(MNLI_LABELS), MNLI_LABELS)


NLI_LABELS = ["entailment", "not_entailment"]


@PARSERS.register("glue-qnli")
def parse_glue_qnli(files: dict[str, Path]) -> TaskData:
    """QNLIv2.zip `QNLI/`: `index question sentence label` (entailment / not_entailment); the question is
    the first text. test.tsv has no label."""
    return _parse_pairs(files, "QNLI", _STANDARD, {"train", "dev"}, ("index", "question", "sentence", "label"),
                        _named_label(NLI_LABELS), NLI_LABELS)


@PARSERS.register("glue-rte")
def parse_glue_rte(files: dict[str, Path]) -> TaskData:
    """RTE.zip `RTE/`: `index sentence1 sentence2 label` (entailment / not_entailment); test without label."""
    return _parse_pairs(files, "RTE", _STANDARD, {"train", "dev"}, ("index", "sentence1", "sentence2", "label"),
                        _named_label(NLI_LABELS), NLI_LABELS)


@PARSERS.register("glue-wnli")
def parse_glue_wnli(files: dict[str, Path]) -> TaskData:
    """WNLI.zip `WNLI/`: `index sentence1 sentence2 label` with labels 0 / 1 (1: entailment); test without."""
    return _parse_pairs(files, "WNLI", _STANDARD, {"train", "dev"}, ("index", "sentence1", "sentence2", "label"),
                        _number_label, ["not_entailment", "entailment"])


STSB_RANGE = (0.0, 5.0)


@PARSERS.register("glue-stsb")
def parse_glue_stsb(files: dict[str, Path]) -> TaskData:
    """STS-B.zip `STS-B/`: a header of ten columns (`index genre filename year old_index source1 source2
    sentence1 sentence2 score`), found by name; the score, a float in [0, 5], is the last field (rows with
    extra fields keep their score last). A regression task; test.tsv has no score."""
    task = _parse_pairs(files, "STS-B", _STANDARD, {"train", "dev"}, ("index", "sentence1", "sentence2", "score"),
                        _score, ["score"], score_last=True)
    task.task_type, task.label_range = "regression", STSB_RANGE
    return task


MRPC_COLUMNS = ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]


def _msr_rows(path: Path) -> list[tuple[int, list[str], str]]:
    """(index among data rows, the five fields, file:line) of an MSR paraphrase file."""
    lines = list(decoded_lines(path.name, path.read_bytes()))
    _header(path.name, lines, MRPC_COLUMNS)
    return [(i, _fields(path.name, number, line, 5), f"{path.name}:{number}")
            for i, (number, line) in enumerate(lines[1:])]


@PARSERS.register("glue-mrpc")
def parse_glue_mrpc(files: dict[str, Path]) -> TaskData:
    """MRPC as GLUE builds it: `msr_paraphrase_train.txt` split into train and dev by GLUE's
    `mrpc_dev_ids.tsv` (pairs `id1<TAB>id2`), test = `msr_paraphrase_test.txt`. The MSR files have the
    header `Quality #1 ID #2 ID #1 String #2 String`; Quality 1 = equivalent. Unlike GLUE's test.tsv (whose
    labels it withholds), the test split here is labelled: MSR publishes the test labels. Ids are
    `<split>-<index of the row in its MSR file>` (GLUE's test.tsv index for test)."""
    by_name = {Path(p).name: Path(p) for p in files.values()}
    by_name.update({k: Path(v) for k, v in files.items()})
    need = ["msr_paraphrase_train.txt", "msr_paraphrase_test.txt", "mrpc_dev_ids.tsv"]
    missing = [n for n in need if n not in by_name]
    if missing:
        raise DataError(f"glue-mrpc needs the files {need}; missing {missing}")
    ids_file = by_name["mrpc_dev_ids.tsv"]
    dev_ids = {}
    for number, line in decoded_lines(ids_file.name, ids_file.read_bytes()):
        id1, id2 = _fields(ids_file.name, number, line.strip(), 2)
        dev_ids[(id1, id2)] = f"{ids_file.name}:{number}"
    splits: dict[str, list[Row]] = {"train": [], "dev": [], "test": []}
    found = set()
    for i, (quality, id1, id2, s1, s2), where in _msr_rows(by_name["msr_paraphrase_train.txt"]):
        split = "dev" if (id1, id2) in dev_ids else "train"
        found.add((id1, id2))
        splits[split].append(Row(f"{split}-{i}", s1, _number_label(quality, where), where, sentence2=s2))
    absent = [where for pair, where in dev_ids.items() if pair not in found]
    if absent:
        raise DataError(f"{absent[0]}: dev pair not in msr_paraphrase_train.txt ({len(absent)} such)")
    for i, (quality, id1, id2, s1, s2), where in _msr_rows(by_name["msr_paraphrase_test.txt"]):
        splits["test"].append(Row(f"test-{i}", s1, _number_label(quality, where), where, sentence2=s2))
    return TaskData(splits, ["not_equivalent", "equivalent"])
