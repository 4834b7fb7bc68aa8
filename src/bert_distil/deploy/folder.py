"""The deploy folder's layout, shared by the export that writes it and the predictor that reads it (which
imports no training code): the graphs by form, the input (vocabulary or tokenizer) and label files."""
from __future__ import annotations

from pathlib import Path

from ..io import read_json, write_json

FORMS = {"onnx": "model.onnx", "int8": "model.int8.onnx"}


def write_input(inputs, folder: Path) -> None:
    state = inputs.state()
    spec = {"kind": state["kind"], "max_length": state["max_length"], "pair_reader": state["pair_reader"]}
    if state["kind"] == "word_vectors":
        (folder / "words.txt").write_text("".join(f"{w}\n" for w in state["vocab"]), encoding="utf-8")
        spec["tokenization"] = ("nltk TreebankWordTokenizer, lower-cased; '[MASK]' one token; ids: 0 padding, "
                                "1 unknown, the word on line k of words.txt (1-based) is id k + 1")
    else:
        (folder / "tokenizer").mkdir()
        for name, data in state["tokenizer_files"].items():
            (folder / "tokenizer" / name).write_bytes(data)
        spec["tokenization"] = "the Hugging Face tokenizer in tokenizer/ ([CLS] A [SEP] B [SEP]); 0 padding"
    write_json(spec, folder / "input.json")


def read_input(folder: str | Path):
    """The input (sentences → ids, batches → tensors) of a deploy folder."""
    from ..students.inputs import inputs_from_state

    folder = Path(folder)
    spec = read_json(folder / "input.json")
    state = {"kind": spec["kind"], "max_length": spec["max_length"], "pair_reader": spec["pair_reader"]}
    if spec["kind"] == "word_vectors":
        state["vocab"] = (folder / "words.txt").read_text(encoding="utf-8").splitlines()
    else:
        state["tokenizer_files"] = {p.name: p.read_bytes() for p in (folder / "tokenizer").iterdir()}
    return inputs_from_state(state)


def folder_size_mb(folder: str | Path, form: str) -> float:
    """Size on disk of one form: its graph plus the vocabulary or tokenizer it needs."""
    folder = Path(folder)
    files = [folder / FORMS[form], folder / "input.json", folder / "labels.json"]
    files += [folder / "words.txt"] if (folder / "words.txt").exists() else list((folder / "tokenizer").glob("*"))
    return sum(f.stat().st_size for f in files if f.exists()) / 2**20

