"""Sentence encodings for probing: the mean over a sentence's tokens (padding left out) of a layer's
hidden states, for chosen layers of a Hugging Face encoder (the pre-trained or the fine-tuned teacher;
layer 0 = the embedding output) and for every layer a student exposes through `layer_outputs` (BERT
student: embeddings and each layer; BiLSTM: its LSTM output states, and its FC layer)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..inference import batched_outputs, collate, tokenize


def layer_name(index: int) -> str:
    return "embeddings" if index == 0 else f"layer-{index}"


def encoder_layers(spec: str, sentences: Sequence[str], layers: Sequence[int], batch_size: int = 128,
                   precision: str = "fp32", max_length: int = 128, device: str = "cpu") -> dict[str, np.ndarray]:
    """{layer name: sentences × hidden} of a Hugging Face encoder (hub id, folder or `package:` folder),
    computed on `device` in a resolved `precision`; a sequence classifier's folder loads without its
    classification head."""
    from transformers import AutoModel, AutoTokenizer

    from ..assets import resolve_model_path

    path = resolve_model_path(spec)
    tokenizer, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).to(device)
    depth = model.config.num_hidden_layers
    wrong = [k for k in layers if not 0 <= k <= depth]
    if wrong:
        raise ValueError(f"{spec}: layers {wrong} do not exist (0 = embeddings, 1..{depth} = the layers)")

    def forward(batch, device):
        inputs = collate(tokenizer, batch, device)
        states = model(**inputs, output_hidden_states=True).hidden_states
        mask = inputs["attention_mask"].unsqueeze(-1).to(states[0].dtype)
        return {layer_name(k): (states[k] * mask).sum(1) / mask.sum(1) for k in layers}

    return batched_outputs(model, forward, tokenize(tokenizer, sentences, max_length), batch_size, precision)


def student_layers(model_path: str, sentences: Sequence[str], batch_size: int = 128,
                   precision: str = "fp32", device: str = "cpu") -> dict[str, np.ndarray]:
    """{layer name: sentences × size} of a trained student (`model.pt`), through its `layer_outputs`."""
    from ..students.saved import load_student

    model, inputs = load_student(model_path)
    model.to(device)
    return batched_outputs(model, lambda batch, device: model.layer_outputs(*inputs.collate(batch, device)),
                           inputs.encode(sentences), batch_size, precision)
