"""Distillation losses against values computed by hand on small tensors."""
import math

import pytest
import torch

from bert_distil.training.losses import Loss

S = torch.tensor([[1.0, 2.0], [0.0, -1.0]])  # student logits
T = torch.tensor([[0.0, 3.0], [2.0, -1.0]])  # teacher logits
GOLD = torch.tensor([1.0, 0.0])  # gold labels travel as floats (NaN: none)


def test_tang_mse_sums_classes_and_averages_the_batch():
    # row 1: (1-0)^2 + (2-3)^2 = 2; row 2: (0-2)^2 + 0 = 4; mean = 3
    assert Loss("mse")(S, T).item() == pytest.approx(3.0)


def test_kl_with_temperature_by_hand():
    temperature = 2.0

    def softmax(row):
        e = [math.exp(v / temperature) for v in row]
        return [x / sum(e) for x in e]

    expected = 0.0
    for s_row, t_row in zip(S.tolist(), T.tolist()):
        p_s, p_t = softmax(s_row), softmax(t_row)
        expected += sum(pt * math.log(pt / ps) for pt, ps in zip(p_t, p_s))
    expected = expected / 2 * temperature ** 2
    assert Loss("kl", temperature=temperature)(S, T).item() == pytest.approx(expected, rel=1e-6)
    assert Loss("kl", temperature=3.0)(T, T).item() == pytest.approx(0.0, abs=1e-7)


def test_hard_and_gold_cross_entropy_by_hand():
    # teacher argmax = [1, 0]; CE = mean(-log softmax(S)[label])
    row1 = -math.log(math.exp(2) / (math.exp(1) + math.exp(2)))
    row2 = -math.log(math.exp(0) / (math.exp(0) + math.exp(-1)))
    assert Loss("hard")(S, T).item() == pytest.approx((row1 + row2) / 2, rel=1e-6)
    assert Loss("ce_gold")(S, gold=GOLD).item() == pytest.approx((row1 + row2) / 2, rel=1e-6)


def test_alpha_mixture_uses_gold_where_it_exists_and_teacher_argmax_elsewhere():
    """Tang eq. 3: α·CE + (1 − α)·MSE, the CE on the gold label of a training row and on the teacher's argmax
    for an augmented row (no gold label: NaN)."""
    row1 = -math.log(math.exp(2) / (math.exp(1) + math.exp(2)))  # gold 1
    row2 = -math.log(math.exp(0) / (math.exp(0) + math.exp(-1)))  # teacher argmax of [2, -1] is 0
    gold = torch.tensor([1.0, math.nan])
    mixed = Loss("mse", alpha=0.25)(S, T, gold).item()
    assert mixed == pytest.approx(0.25 * (row1 + row2) / 2 + 0.75 * 3.0, rel=1e-6)
    # no gold at all: the CE term is the hard-label loss on the teacher's argmax
    no_gold = Loss("mse", alpha=0.5)(S, T, torch.tensor([math.nan, math.nan])).item()
    assert no_gold == pytest.approx(0.5 * Loss("hard")(S, T).item() + 0.5 * 3.0, rel=1e-6)
    # the gold-only loss skips rows without a label
    assert Loss("ce_gold")(S, gold=gold).item() == pytest.approx(row1, rel=1e-6)


def test_regression_losses_by_hand():
    student = torch.tensor([[1.0], [2.0], [0.5]])
    teacher = torch.tensor([[1.5], [1.0], [0.5]])
    gold = torch.tensor([2.0, math.nan, 0.0])
    assert Loss("mse")(student, teacher).item() == pytest.approx((0.25 + 1.0 + 0.0) / 3)
    assert Loss("mse_gold")(student, gold=gold).item() == pytest.approx((1.0 + 0.25) / 2)  # the NaN row skipped
    # α-mixture on scores: the gold score where known, the teacher's score elsewhere
    mixed = Loss("mse", alpha=0.5, regression=True)(student, teacher, gold).item()
    assert mixed == pytest.approx(0.5 * (1.0 + 1.0 + 0.25) / 3 + 0.5 * (0.25 + 1.0) / 3)


def test_unknown_loss_and_bad_alpha_are_rejected():
    with pytest.raises(ValueError, match="unknown loss 'l1'"):
        Loss("l1")
    with pytest.raises(ValueError, match="alpha"):
        Loss("kl", alpha=1.5)
