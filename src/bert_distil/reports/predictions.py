"""Per-sentence predictions of the teacher or a student on a task's dev and test splits:
`results/{task}/{model}/predictions/{split}.parquet` with columns id, sentence, label (-1 where the split
is unlabelled), pred, confidence (softmax probability of the predicted class), logits."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import torch

from ..io import write_parquet


def prediction_frame(split: pd.DataFrame, logits: np.ndarray) -> pd.DataFrame:
    probabilities = torch.softmax(torch.from_numpy(logits).double(), dim=1).numpy()
    pred = logits.argmax(axis=1)
    return pd.DataFrame({"id": split["id"].to_numpy(), "sentence": split["sentence"].to_numpy(),
                         "label": split["label"].fillna(-1).astype(int).to_numpy(), "pred": pred,
                         "confidence": probabilities[np.arange(len(pred)), pred],
                         "logits": list(logits.astype(np.float32))})


def model_scorer(model_path: str | Path, batch_size: int = 128, precision: str = "fp32",
                 max_length: int = 128) -> Callable[[list[str]], np.ndarray]:
    """Sentences → logits of a fine-tuned teacher (a Hugging Face folder, reading at most `max_length`
    tokens as in its fine-tuning) or a student (`model.pt`, which keeps its own input settings); the model
    is loaded once."""
    if Path(model_path).is_dir():
        from ..teacher.model import teacher_scorer

        return teacher_scorer(model_path, batch_size, precision, max_length)
    from ..students.saved import student_scorer

    return student_scorer(model_path, batch_size, precision)


def write_predictions(model_path: str | Path, splits: dict[str, pd.DataFrame], outputs: dict[str, str],
                      label_names: list[str], precision: str = "fp32", max_length: int = 128) -> None:
    score = model_scorer(model_path, precision=precision, max_length=max_length)
    for name, frame in splits.items():
        write_parquet(prediction_frame(frame, score(frame["sentence"].tolist())), outputs[name],
                      metadata={"label_names": label_names, "model": str(model_path)})
