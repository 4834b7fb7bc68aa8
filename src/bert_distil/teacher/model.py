"""A fine-tuned teacher loaded for inference (logits, predictions, the students' speed-up): a Hugging Face
sequence-classifier folder, read with no training code, and its logits for sentences."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np


def load_teacher(folder: str | Path):
    """(tokenizer, model) of a saved teacher folder."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    return AutoTokenizer.from_pretrained(folder), AutoModelForSequenceClassification.from_pretrained(folder)


def teacher_scorer(folder: str | Path, batch_size: int = 128, precision: str = "fp32",
                   max_length: int = 128) -> Callable[..., np.ndarray]:
    """(Sentences, second texts or None) → logits of the saved teacher, reading at most `max_length` tokens
    as in its fine-tuning; the model is loaded once."""
    from ..inference import classifier_logits, tokenize

    tokenizer, teacher = load_teacher(folder)

    def score(sentences: Sequence[str], sentences2: Sequence[str] | None = None) -> np.ndarray:
        ids = tokenize(tokenizer, sentences, max_length, sentences2)
        return classifier_logits(teacher, tokenizer, ids, batch_size, precision, pairs=sentences2 is not None)

    return score
