"""Distillation losses against values computed by hand on small tensors."""
import math

import pytest
import torch

from bert_distil.training.losses import Loss

S = torch.tensor([[1.0, 2.0], [0.0, -1.0]])  # student logits
T = torch.tensor([[0.0, 3.0], [2.0, -1.0]])  # teacher logits
GOLD = torch.tensor([1, 0])


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


def test_alpha_mixture_uses_gold_where_it_exists():
    row1 = -math.log(math.exp(2) / (math.exp(1) + math.exp(2)))
    gold = torch.tensor([1, -1])  # second sentence is augmented: no gold label
    mixed = Loss("mse", alpha=0.25)(S, T, gold).item()
    assert mixed == pytest.approx(0.25 * row1 + 0.75 * 3.0, rel=1e-6)
    no_gold = Loss("mse", alpha=0.5)(S, T, torch.tensor([-1, -1])).item()
    assert no_gold == pytest.approx(0.5 * 3.0)


def test_unknown_loss_and_bad_alpha_are_rejected():
    with pytest.raises(ValueError, match="unknown loss 'l1'"):
        Loss("l1")
    with pytest.raises(ValueError, match="alpha"):
        Loss("kl", alpha=1.5)
