"""Task metrics against values computed by hand."""
import math

import pytest

from bert_distil.training.metrics import score, scores


def test_accuracy():
    assert score("accuracy", [0, 1, 1, 0], [0, 1, 0, 0]) == 75.0


def test_mcc_by_hand():
    # tp=2, tn=1, fp=1, fn=1: (2*1 - 1*1) / sqrt(3*3*2*2) = 1/6
    assert score("mcc", [1, 1, 1, 0, 0], [1, 1, 0, 1, 0]) == pytest.approx(100 / 6)
    assert score("mcc", [0, 1, 0, 1], [0, 1, 0, 1]) == 100.0
    assert score("mcc", [0, 1, 0, 1], [1, 1, 1, 1]) == 0.0  # constant predictions


def test_micro_and_macro_f1_multiclass():
    labels, preds = [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0]
    assert score("micro_f1", labels, preds) == pytest.approx(100 * 4 / 6)  # = accuracy for single-label
    # per class F1: c0 p=1/2 r=1/2 -> 0.5; c1 p=1/2 r=1 -> 2/3; c2 p=1 r=2/3 -> 0.8
    assert score("macro_f1", labels, preds) == pytest.approx(100 * (0.5 + 2 / 3 + 0.8) / 3)


def test_scores_always_include_accuracy_and_reject_unknown():
    assert set(scores("mcc", [0, 1], [0, 1])) == {"mcc", "accuracy"}
    with pytest.raises(ValueError, match="unknown metric 'f2'"):
        score("f2", [0], [0])
    assert not math.isnan(score("mcc", [0, 0], [0, 0]))
