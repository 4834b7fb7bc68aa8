"""A model as a deploy folder that runs without PyTorch or this package's training code:

    model.onnx        the fp32 graph (inputs: token_ids, lengths[, token_type_ids | token_ids2, lengths2])
    model.int8.onnx   the same graph with int8 weights (ONNX Runtime's dynamic quantisation)
    labels.json       label names, task type, whether it reads sentence pairs
    input.json        how sentences become ids (word-level: lower-cased Treebank words looked up in
                      words.txt, id = line number + 1, 0 padding, 1 unknown; wordpiece: tokenizer/)
    words.txt | tokenizer/
    check.json        the export checked against PyTorch on the test split (dev where test is
                      unlabelled): max |Δlogit|, argmax agreement and the score of each form

The TorchScript-based exporter is used: the dynamo exporter unrolls the LSTM over a fixed length."""
from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..io import atomic_path, write_json
from ..students.inputs import WordpieceInput
from ..students.saved import load_student, predict
from ..training.metrics import predictions_from_logits, scores_from_logits
from .folder import FORMS, write_input
from .graphs import TeacherGraph, input_names

log = logging.getLogger(__name__)

OPSET = 17


def example_inputs(inputs, pairs: bool) -> tuple[torch.Tensor, ...]:
    """A two-row batch of different lengths, so every dimension is traced as dynamic."""
    first, second = ["a short one", "a somewhat longer example sentence"], ["another text", "and one more"]
    encoded = inputs.encode(first, second if pairs else None)
    return inputs.collate(encoded, torch.device("cpu"))


def write_onnx(graph: torch.nn.Module, example: tuple[torch.Tensor, ...], names: list[str], path: Path) -> None:
    axes = {name: ({0: "batch", 1: "tokens"} if tensor.dim() == 2 else {0: "batch"})
            for name, tensor in zip(names, example)}
    axes["logits"] = {0: "batch"}
    with warnings.catch_warnings():  # the TorchScript exporter's deprecation and tracer notes
        warnings.simplefilter("ignore")
        torch.onnx.export(graph, example, str(path), dynamo=False, input_names=names, output_names=["logits"],
                          dynamic_axes=axes, opset_version=OPSET)


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the weights of MatMul/Gemm/LSTM/attention (activations stay float), after
    ONNX Runtime's pre-processing (ONNX shape inference and graph optimisation), as its quantiser asks; its
    symbolic shape inference is skipped (it cannot follow the attention mask's dynamic shapes)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = target.with_name(f".{target.stem}.prepared.onnx")
    try:
        quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
        quantize_dynamic(str(prepared), str(target), weight_type=QuantType.QInt8)
    finally:
        prepared.unlink(missing_ok=True)


def compare_forms(reference: np.ndarray, forms: dict[str, np.ndarray], metric: str, labels: Sequence,
                  task_type: str) -> dict:
    """Each form's scores, and how far its outputs are from PyTorch's."""
    check = {"pytorch": {"scores": scores_from_logits(metric, labels, reference)}}
    for name, logits in forms.items():
        entry = {"scores": scores_from_logits(metric, labels, logits),
                 "max_abs_diff": float(np.abs(logits - reference).max()) if len(reference) else 0.0}
        if task_type != "regression":
            same = predictions_from_logits(logits, task_type) == predictions_from_logits(reference, task_type)
            entry["argmax_agreement"] = 100.0 * float(same.mean()) if len(same) else 100.0
        check[name] = entry
    return check


def export_folder(graph: torch.nn.Module, inputs, label_names: list[str], task_type: str, pairs: bool,
                  reference_logits, sentences: Sequence[str], sentences2: Sequence[str] | None,
                  labels: Sequence, metric: str, out: str | Path, extra: dict | None = None) -> dict:
    """Export `graph`, quantise it, write the folder and check both forms against `reference_logits`
    (PyTorch's logits on the given labelled rows: the test split, or dev where test is unlabelled)."""
    from .predictor import OnnxModel

    example = example_inputs(inputs, pairs)
    names = input_names(inputs.pair_reader)
    with atomic_path(out, directory=True) as tmp:
        tmp = Path(tmp)
        write_onnx(graph, example, names, tmp / FORMS["onnx"])
        quantize_int8(tmp / FORMS["onnx"], tmp / FORMS["int8"])
        write_json({"label_names": label_names, "task_type": task_type, "pairs": pairs}, tmp / "labels.json")
        write_input(inputs, tmp)
        threads = torch.get_num_threads()  # the job's threads (ONNX Runtime would take every core)
        outputs = {form: OnnxModel(tmp, form, threads).logits(sentences, sentences2) for form in FORMS}
        check = compare_forms(reference_logits, outputs, metric, labels, task_type)
        check.update({"rows": len(sentences), "opset": OPSET, **(extra or {})})
        write_json(check, tmp / "check.json")
    for form in FORMS:
        log.info("%s: %s scores %s, max |Δlogit| %.2g, argmax agreement %s", out, form, check[form]["scores"],
                 check[form]["max_abs_diff"], check[form].get("argmax_agreement", "n/a"))
    return check


def export_student(model_path: str | Path, out: str | Path, sentences: Sequence[str],
                   sentences2: Sequence[str] | None, labels: Sequence, metric: str, split: str = "test") -> dict:
    """A saved student (model.pt) as a deploy folder, checked on the given rows of `split`."""
    saved = torch.load(model_path, map_location="cpu", weights_only=False)
    model, inputs = load_student(model_path)
    reference = predict(model, inputs, inputs.encode(sentences, sentences2))
    return export_folder(model.eval(), inputs, saved["label_names"], saved.get("task_type", "classification"),
                         saved.get("pairs", False), reference, sentences, sentences2, labels, metric, out,
                         {"split": split, "source": str(model_path), "arch": saved["arch"]})


def export_teacher(teacher_dir: str | Path, out: str | Path, sentences: Sequence[str],
                   sentences2: Sequence[str] | None, labels: Sequence, metric: str, max_length: int = 128,
                   split: str = "test") -> dict:
    """The fine-tuned teacher (a Hugging Face folder) as a deploy folder."""
    from ..inference import classifier_logits, tokenize
    from ..teacher.model import load_teacher

    tokenizer, model = load_teacher(teacher_dir)
    pairs = sentences2 is not None
    inputs = WordpieceInput(tokenizer, max_length, "joint" if pairs else None)
    reference = classifier_logits(model, tokenizer, tokenize(tokenizer, sentences, max_length, sentences2),
                                  pairs=pairs)
    task_type = "regression" if model.config.num_labels == 1 else "classification"
    label_names = [model.config.id2label[i] for i in range(model.config.num_labels)]
    return export_folder(TeacherGraph(model.eval()), inputs, label_names, task_type, pairs, reference,
                         sentences, sentences2, labels, metric, out,
                         {"split": split, "source": str(teacher_dir), "arch": "teacher"})
