"""Per-sentence predictions of the teacher or a student on a task's dev and test splits:
`results/{task}/{model}/predictions/{split}.parquet` with columns id, sentence, sentence2 (pair tasks),
label (-1 where the split is unlabelled), pred, confidence (softmax probability of the predicted class),
logits. A regression task's label and pred are scores (label NaN where unlabelled) and it has no confidence."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import torch

from ..data.rows import REGRESSION
from ..data.tables import split_texts
from ..io import write_parquet


def prediction_frame(split: pd.DataFrame, logits: np.ndarray, task_type: str = "classification") -> pd.DataFrame:
    first, second = split_texts(split)
    texts = {"sentence": first.to_numpy(), **({} if second is None else {"sentence2": second.to_numpy()})}
    if task_type == REGRESSION:
        return pd.DataFrame({"id": split["id"].to_numpy(), **texts, "label": split["label"].to_numpy(dtype=float),
                             "pred": logits[:, 0].astype(float), "logits": list(logits.astype(np.float32))})
    probabilities = torch.softmax(torch.from_numpy(logits).double(), dim=1).numpy()
    pred = logits.argmax(axis=1)
    return pd.DataFrame({"id": split["id"].to_numpy(), **texts,
                         "label": split["label"].fillna(-1).astype(int).to_numpy(), "pred": pred,
                         "confidence": probabilities[np.arange(len(pred)), pred],
                         "logits": list(logits.astype(np.float32))})


def model_scorer(model_path: str | Path, batch_size: int = 128, precision: str = "fp32",
                 max_length: int = 128) -> Callable[..., np.ndarray]:
    """(Sentences, second texts or None) → logits of a fine-tuned teacher (a Hugging Face folder, reading at most `max_length`
    tokens as in its fine-tuning) or a student (`model.pt`, which keeps its own input settings); the model
    is loaded once."""
    if Path(model_path).is_dir():
        from ..teacher.model import teacher_scorer

        return teacher_scorer(model_path, batch_size, precision, max_length)
    from ..students.saved import student_scorer

    return student_scorer(model_path, batch_size, precision)


def write_predictions(model_path: str | Path, splits: dict[str, pd.DataFrame], outputs: dict[str, str],
                      label_names: list[str], precision: str = "fp32", max_length: int = 128,
                      task_type: str = "classification") -> None:
    score = model_scorer(model_path, precision=precision, max_length=max_length)
    for name, frame in splits.items():
        first, second = split_texts(frame)
        logits = score(first.tolist(), None if second is None else second.tolist())
        write_parquet(prediction_frame(frame, logits, task_type), outputs[name],
                      metadata={"label_names": label_names, "model": str(model_path), "task_type": task_type})
