"""Prediction analysis on hand-made predictions: overlap counts, agreement, confident mistakes."""
import numpy as np
import pandas as pd
import pytest

from bert_distil.reports import analysis
from bert_distil.reports.predictions import prediction_frame

NAMES = ["negative", "positive"]


def frame(preds, confidences, labels=(1, 1, 0, 0, 1)):
    return pd.DataFrame({"id": [f"s{k}" for k in range(5)], "sentence": [f"sentence {k}" for k in range(5)],
                         "label": list(labels), "pred": list(preds), "confidence": list(confidences)})


@pytest.fixture
def predictions():
    return {"teacher": frame([1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.95, 0.6]),   # wrong on s3, s4
            "student": frame([1, 0, 0, 0, 0], [0.6, 0.99, 0.8, 0.7, 0.55])}  # wrong on s1, s4


def test_prediction_frame_confidence_is_the_predicted_class_probability():
    split = pd.DataFrame({"id": ["a", "b"], "sentence": ["x", "y"], "label": [1, -1]})
    logits = np.array([[0.0, np.log(3.0)], [2.0, 0.0]], dtype=np.float32)
    out = prediction_frame(split, logits)
    assert out["pred"].tolist() == [1, 0] and out["label"].tolist() == [1, -1]
    np.testing.assert_allclose(out["confidence"], [0.75, 1 / (1 + np.exp(-2))], rtol=1e-6)


def test_mistake_overlap_counts_each_case(predictions):
    row = analysis.mistake_overlap(predictions).iloc[0]
    assert (row["both right"], row["teacher only"], row["student only"], row["both wrong"]) == (2, 1, 1, 1)
    assert row["student mistakes"] == 2 and row["shared with teacher"] == 0.5


def test_agreement_matrix(predictions):
    matrix = analysis.agreement_matrix(predictions)
    assert matrix.loc["gold", "teacher"] == 0.6 and matrix.loc["gold", "student"] == 0.6  # accuracies
    assert matrix.loc["teacher", "student"] == 0.6 and matrix.loc["student", "student"] == 1.0


def test_confident_mistakes_and_disagreements(predictions):
    mistakes = analysis.confident_mistakes(predictions, NAMES, k=1)
    most = mistakes[mistakes["mistake"] == "most confident"].set_index("model")
    least = mistakes[mistakes["mistake"] == "least confident"].set_index("model")
    assert most.loc["teacher", "id"] == "s3" and least.loc["teacher", "id"] == "s4"
    assert most.loc["student", "id"] == "s1" and most.loc["student", "pred"] == "negative"
    cases = analysis.disagreements(predictions, NAMES, k=5).set_index("case")
    assert cases.loc["teacher right, student wrong", "id"] == "s1"
    assert cases.loc["student right, teacher wrong", "id"] == "s3"


def test_analysis_refuses_mismatched_or_unlabelled_predictions(predictions):
    with pytest.raises(ValueError, match="not for the same sentences"):
        analysis.check_same_sentences({**predictions, "other": predictions["student"].iloc[::-1]})
    with pytest.raises(ValueError, match="labelled split"):
        analysis.check_same_sentences({"teacher": frame([1] * 5, [0.9] * 5, labels=[-1] * 5)})


def test_figures_are_written(predictions, tmp_path):
    analysis.plot_confidence(predictions, 2, tmp_path / "c.png", "t")
    analysis.plot_agreement(analysis.agreement_matrix(predictions), tmp_path / "a.png", "t")
    analysis.plot_overlap(analysis.mistake_overlap(predictions), tmp_path / "o.png", "t")
    assert all((tmp_path / f).stat().st_size > 1000 for f in ("c.png", "a.png", "o.png"))
