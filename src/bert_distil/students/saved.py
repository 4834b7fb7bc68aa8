"""A trained student as saved in `model.pt`, loaded for prediction, probing and export with no training
code: the architecture and entry, the label names (one, `score`, for a regression head), whether it reads
sentence pairs, the state dict (embeddings included) and the input's state (vocabulary or tokenizer files),
so neither the word vectors nor the teacher are needed."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..inference import batched_logits
from ..io import atomic_path
from .inputs import WordpieceInput, inputs_from_state
from .models import build_model


def save_student(path: str | Path, model: torch.nn.Module, entry: dict, label_names: list[str], inputs,
                 task_type: str = "classification") -> None:
    with atomic_path(path) as tmp:
        torch.save({"arch": entry["arch"], "entry": entry, "label_names": label_names, "task_type": task_type,
                    "pairs": inputs.pair_reader is not None, "state_dict": model.state_dict(),
                    "input": inputs.state()}, tmp)


def predict(model, inputs, encoded: Sequence[list[int]], batch_size: int = 256, precision: str = "fp32") -> np.ndarray:
    """Student logits (float32, input order) for sentences encoded by `inputs`."""
    return batched_logits(model, lambda batch, device: model(*inputs.collate(batch, device)), encoded,
                          batch_size, precision)


def load_student(path: str | Path):
    """(model, inputs) from a saved `model.pt`."""
    return _student_from_saved(torch.load(path, map_location="cpu", weights_only=False))


def _student_from_saved(saved: dict):
    inputs = inputs_from_state(saved["input"])
    shape = saved["state_dict"]["embed.tuned.weight"].shape
    model = build_model(saved["arch"], torch.zeros(shape), len(saved["label_names"]), saved["entry"],
                        saved.get("pairs", False))
    model.load_state_dict(saved["state_dict"])
    return model.eval(), inputs


def student_scorer(path: str | Path, batch_size: int = 128, precision: str = "fp32"):
    """(Sentences, second texts or None) → logits of a saved student (which keeps its own input settings);
    loaded once."""
    student, inputs = load_student(path)
    return lambda sentences, sentences2=None: predict(student, inputs, inputs.encode(sentences, sentences2),
                                                       batch_size, precision)


def export_hf(model_path: str | Path, out: str | Path) -> None:
    """A BERT student as a Hugging Face folder (model, config with label names, tokenizer for wordpiece
    input; the word vocabulary as `words.txt` for word-vector input)."""
    saved = torch.load(model_path, map_location="cpu", weights_only=False)
    if saved["arch"] != "bert":
        raise ValueError(f"{model_path}: only BERT students export to a Hugging Face folder, not {saved['arch']!r}")
    model, inputs = _student_from_saved(saved)
    hf = model.to_hf()
    hf.config.id2label = dict(enumerate(saved["label_names"]))
    hf.config.label2id = {name: i for i, name in enumerate(saved["label_names"])}
    if saved.get("task_type") == "regression":  # one output read as a score (transformers' MSE head)
        hf.config.problem_type = "regression"
    with atomic_path(out, directory=True) as tmp:
        hf.save_pretrained(tmp)
        if isinstance(inputs, WordpieceInput):
            inputs.tokenizer.save_pretrained(tmp)
        else:
            Path(tmp, "words.txt").write_text("\n".join(inputs.vocab.words) + "\n")
