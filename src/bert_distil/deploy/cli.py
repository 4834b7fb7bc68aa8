"""`python -m bert_distil predict MODEL [FILE|-]`: one sentence (or a tab-separated pair) per line in, one
`label<TAB>confidence` line out per input line (a regression model prints its score and `nan`). Every
line is checked before anything is predicted, so a bad line stops the run with its line number and
nothing is printed or written; `--output` writes the file atomically."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence, TextIO


class InputError(ValueError):
    pass


def parse_lines(lines: Sequence[str], source: str, pairs: bool | None) -> tuple[list[str], list[str] | None]:
    """(first texts, second texts or None). `pairs` None: the model takes either (all lines alike)."""
    if not lines:
        raise InputError(f"{source}: no lines to predict")
    if pairs is None:  # a Hugging Face folder reads either: the first line decides for all
        pairs = "\t" in lines[0]
    first, second = [], []
    for number, line in enumerate(lines, start=1):
        parts = line.split("\t")
        if not line.strip():
            raise InputError(f"{source}:{number}: empty line")
        if pairs and (len(parts) != 2 or not parts[0].strip() or not parts[1].strip()):
            raise InputError(f"{source}:{number}: this model reads sentence pairs: two non-empty texts "
                             f"separated by one tab (found {len(parts)} field(s))")
        if not pairs and len(parts) != 1:
            raise InputError(f"{source}:{number}: this model reads single sentences, but the line has a tab")
        first.append(parts[0])
        if pairs:
            second.append(parts[1])
    return first, (second if pairs else None)


def read_lines(path: str, stdin: TextIO) -> list[str]:
    if path == "-":
        return stdin.read().splitlines()
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error})") from None


def main(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m bert_distil")
    commands = parser.add_subparsers(dest="command", required=True)
    predict = commands.add_parser("predict", help="label and confidence for each line of a file (or stdin)")
    predict.add_argument("model", help="model.pt, a Hugging Face model folder, a deploy folder or its .onnx file")
    predict.add_argument("input", nargs="?", default="-", help="one sentence or tab-separated pair per line; - for stdin")
    predict.add_argument("--output", help="write here (atomically) instead of stdout")
    args = parser.parse_args(argv)

    from .predictor import labels_and_confidences, load_predictor

    try:
        lines = read_lines(args.input, stdin)
        model = load_predictor(args.model)
        first, second = parse_lines(lines, "<stdin>" if args.input == "-" else args.input, model.pairs)
    except (InputError, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    rows = labels_and_confidences(model.logits(first, second), model.task_type, model.label_names)
    text = "".join(f"{label}\t{confidence:.4f}\n" for label, confidence in rows)
    if args.output:
        from ..io import atomic_path

        with atomic_path(args.output) as tmp:
            Path(tmp).write_text(text, encoding="utf-8")
    else:
        stdout.write(text)
    return 0
