"""The ten probing tasks and SentEval's file format: one example per line, `split\tlabel\tsentence`, split
`tr`/`va`/`te`, the sentence tokenised with single spaces. Downloaded SentEval files and the builder's
output share this format, so every later step reads one kind of file."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data.rows import DataError
from ..io import atomic_path

# SentEval's file stem -> the short name the paper's tables use, in SentEval's order (the builder: tasks.PROBING_TASKS)
SHORT_NAMES = {
    "sentence_length": "Length",
    "word_content": "WordContent",
    "tree_depth": "Depth",
    "top_constituents": "TopConst",
    "bigram_shift": "BShift",
    "past_present": "Tense",
    "subj_number": "SubjNum",
    "obj_number": "ObjNum",
    "odd_man_out": "SOMO",
    "coordination_inversion": "CoordInv",
}
SENTEVAL_URL = "https://raw.githubusercontent.com/facebookresearch/SentEval/main/data/probing/{task}.txt"
SPLIT_CODES = {"tr": "train", "va": "dev", "te": "test"}
SPLIT_NAMES = {name: code for code, name in SPLIT_CODES.items()}


def read_probing_file(path: str | Path) -> pd.DataFrame:
    """Columns split (train/dev/test), label, sentence. Every line is checked; an error names file and line."""
    path = Path(path)
    rows = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise DataError(f"{path}:{number}: expected 3 tab-separated fields (split, label, sentence), "
                                f"found {len(parts)}")
            code, label, sentence = parts
            if code not in SPLIT_CODES:
                raise DataError(f"{path}:{number}: unknown split {code!r} (expected one of {sorted(SPLIT_CODES)})")
            if not label.strip() or not sentence.strip():
                raise DataError(f"{path}:{number}: empty label or sentence")
            rows.append((SPLIT_CODES[code], label.strip(), sentence.strip()))
    frame = pd.DataFrame(rows, columns=["split", "label", "sentence"])
    missing = [s for s in SPLIT_NAMES if s not in set(frame["split"])]
    if missing:
        raise DataError(f"{path}: no examples in split(s) {missing}")
    return frame


def write_probing_file(frame: pd.DataFrame, path: str | Path) -> None:
    """Write columns split/label/sentence in SentEval's format (train, dev, test in that order)."""
    order = frame["split"].map({name: i for i, name in enumerate(SPLIT_NAMES)})
    lines = []
    for row in frame.assign(_order=order).sort_values("_order", kind="stable").itertuples():
        if any(c in f"{row.label}{row.sentence}" for c in "\t\n\r"):
            raise ValueError(f"probing example {row.sentence!r}: label and sentence must not contain tabs or newlines")
        lines.append(f"{SPLIT_NAMES[row.split]}\t{row.label}\t{row.sentence}\n")
    with atomic_path(path) as tmp:
        tmp.write_text("".join(lines), encoding="utf-8")
