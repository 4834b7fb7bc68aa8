"""Any saved model, loaded for prediction behind one interface: `logits(sentences, second texts or None)`,
`label_names`, `task_type`, `pairs`. Accepted paths:

- a student's `model.pt` (PyTorch);
- a Hugging Face sequence-classifier folder (the teacher, or a BERT student's `hf/` export);
- a deploy folder (its fp32 ONNX graph) or one of its graphs, `model.onnx` / `model.int8.onnx` (ONNX Runtime)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from ..inference import inference_batches
from ..io import read_json
from .folder import FORMS, read_input

REGRESSION = "regression"


class OnnxModel:
    """A deploy folder's graph in an ONNX Runtime session (CPU), fed length-sorted batches."""

    def __init__(self, folder: str | Path, form: str = "onnx", threads: int | None = None, batch_size: int = 256):
        import onnxruntime as ort

        folder = Path(folder)
        self.inputs = read_input(folder)
        labels = read_json(folder / "labels.json")
        self.label_names, self.task_type, self.pairs = labels["label_names"], labels["task_type"], labels["pairs"]
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        self.session = ort.InferenceSession(str(folder / FORMS[form]), options, providers=["CPUExecutionProvider"])
        self.names = [i.name for i in self.session.get_inputs()]
        self.batch_size = batch_size

    def run(self, encoded: Sequence[list[int]]) -> np.ndarray:
        """Logits of one batch of encoded rows (in their order)."""
        import torch

        tensors = self.inputs.collate(encoded, torch.device("cpu"))
        return self.session.run(None, {name: t.numpy() for name, t in zip(self.names, tensors)})[0]

    def logits_of_encoded(self, encoded: Sequence[list[int]], batch_size: int | None = None) -> np.ndarray:
        out = None
        for index in inference_batches(np.array([len(e) for e in encoded]), batch_size or self.batch_size):
            values = self.run([encoded[i] for i in index])
            if out is None:
                out = np.zeros((len(encoded), values.shape[1]), dtype=np.float32)
            out[index] = values
        return out if out is not None else np.zeros((0, len(self.label_names)), dtype=np.float32)

    def logits(self, sentences: Sequence[str], sentences2: Sequence[str] | None = None) -> np.ndarray:
        return self.logits_of_encoded(self.inputs.encode(sentences, sentences2))


class TorchStudent:
    def __init__(self, path: str | Path, batch_size: int = 256):
        import torch

        from ..students.saved import load_student, predict

        saved = torch.load(path, map_location="cpu", weights_only=False)
        self.label_names, self.pairs = saved["label_names"], saved.get("pairs", False)
        self.task_type = saved.get("task_type", "classification")
        self.model, self.inputs = load_student(path)
        self._predict, self.batch_size = predict, batch_size

    def logits(self, sentences: Sequence[str], sentences2: Sequence[str] | None = None) -> np.ndarray:
        return self._predict(self.model, self.inputs, self.inputs.encode(sentences, sentences2), self.batch_size)


class HFClassifier:
    def __init__(self, folder: str | Path, batch_size: int = 128, max_length: int = 128):
        from ..teacher.model import load_teacher

        self.tokenizer, self.model = load_teacher(folder)
        config = self.model.config
        self.task_type = REGRESSION if config.num_labels == 1 else "classification"
        self.label_names = [config.id2label[i] for i in range(config.num_labels)]
        self.pairs = None  # either: a pair is given as two texts
        self.batch_size, self.max_length = batch_size, max_length

    def logits(self, sentences: Sequence[str], sentences2: Sequence[str] | None = None) -> np.ndarray:
        from ..inference import classifier_logits, tokenize

        ids = tokenize(self.tokenizer, sentences, self.max_length, sentences2)
        return classifier_logits(self.model, self.tokenizer, ids, self.batch_size, pairs=sentences2 is not None)


def load_predictor(path: str | Path):
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such model (give a model.pt, a model folder or a deploy folder)")
    if path.suffix == ".pt":
        return TorchStudent(path)
    if path.suffix == ".onnx":
        form = {name: form for form, name in FORMS.items()}.get(path.name)
        if form is None:
            raise ValueError(f"{path}: a deploy folder's graph is one of {sorted(FORMS.values())}")
        return OnnxModel(path.parent, form)
    if (path / "model.onnx").exists():
        return OnnxModel(path, "onnx")
    if (path / "config.json").exists():
        return HFClassifier(path)
    raise ValueError(f"{path}: not a model.pt, a Hugging Face model folder or a deploy folder")


def labels_and_confidences(logits: np.ndarray, task_type: str, label_names: Sequence[str]) -> list[tuple[str, float]]:
    """(predicted label, its softmax probability) per row; for a regression head (the score, as text, nan)."""
    if task_type == REGRESSION:
        return [(f"{value:.4f}", float("nan")) for value in logits[:, 0]]
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = shifted / shifted.sum(axis=1, keepdims=True)
    best = probabilities.argmax(axis=1)
    return [(label_names[k], float(probabilities[i, k])) for i, k in enumerate(best)]
