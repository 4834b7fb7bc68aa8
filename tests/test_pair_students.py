"""Students on sentence pairs and scores: Tang's siamese BiLSTM (one shared encoder, the concatenate-compare
vector), the BERT student's joint reading with segment ids, pair inputs through encode/collate, saving and
loading a pair student, and the metrics' golden values by hand."""
import math

import numpy as np
import pytest
import torch

from bert_distil.students.inputs import PAIR_BREAK, WordLevelInput, WordpieceInput, collate_pairs
from bert_distil.students.models import build_model
from bert_distil.students.saved import load_student, predict, save_student
from bert_distil.students.vocab import Vocabulary
from bert_distil.training.metrics import score

from conftest import build_tiny_bert

BILSTM = {"arch": "bilstm", "hidden": 6, "fc": 5, "layers": 1, "embedding_mode": "multichannel", "dropout": 0.0}
BERT = {"arch": "bert", "layers": 1, "hidden": 12, "intermediate": 16, "heads": 2, "embedding_mode": "non-static",
        "max_length": 32, "dropout": 0.0}
FIRST = ["the film was good .", "the plot was dull and weak ."]
SECOND = ["this movie was great .", "the acting was fine ."]


def word_input(pair_reader):
    vocab = Vocabulary.build(s.split() for s in FIRST + SECOND)
    return WordLevelInput(vocab, pair_reader=pair_reader), torch.randn(len(vocab), 4)


def test_siamese_bilstm_shares_one_encoder_and_compares_both_ways():
    torch.manual_seed(0)
    inputs, vectors = word_input("siamese")
    model = build_model("bilstm", vectors, 2, BILSTM, pairs=True).eval()
    assert sum(isinstance(m, torch.nn.LSTM) for m in model.modules()) == 1  # one set of LSTM weights
    assert model.fc.in_features == 8 * 6  # [h1, h2, h1*h2, |h1-h2|], each 2H
    ab = model.features(*inputs.collate(inputs.encode(FIRST, SECOND), torch.device("cpu")))
    ba = model.features(*inputs.collate(inputs.encode(SECOND, FIRST), torch.device("cpu")))
    h = 2 * 6
    # swapping A and B swaps h1 and h2 and leaves the symmetric parts (product, absolute difference) as they are
    torch.testing.assert_close(ab[:, :h], ba[:, h:2 * h])
    torch.testing.assert_close(ab[:, h:2 * h], ba[:, :h])
    torch.testing.assert_close(ab[:, 2 * h:], ba[:, 2 * h:])
    # each side is the encoder's reading of that text alone
    alone = model.encode(*inputs.collate(inputs.encode(SECOND, FIRST), torch.device("cpu"))[:2])[1]
    torch.testing.assert_close(ab[:, h:2 * h], alone)
    assert not torch.allclose(ab[:, :h], ab[:, h:2 * h])


def test_pair_ids_carry_one_break_and_collate_by_reader():
    inputs, _ = word_input("siamese")
    encoded = inputs.encode(FIRST, SECOND)
    assert all(e.count(PAIR_BREAK) == 1 for e in encoded)
    assert encoded[0][:encoded[0].index(PAIR_BREAK)] == inputs.vocab.encode(FIRST[0].split())
    ids_a, len_a, ids_b, len_b = collate_pairs(encoded, torch.device("cpu"), "siamese")
    assert len_a.tolist() == [5, 7] and len_b.tolist() == [5, 5] and (ids_a >= 0).all() and (ids_b >= 0).all()
    ids, lengths, segments = collate_pairs(encoded, torch.device("cpu"), "joint")
    assert lengths.tolist() == [10, 12] and (ids >= 0).all()
    assert segments[0].tolist() == [0] * 5 + [1] * 5 + [0] * 2  # A, B, padding
    with pytest.raises(ValueError, match="reads sentence pairs"):
        inputs.encode(FIRST)
    with pytest.raises(ValueError, match="single sentences"):
        WordLevelInput(inputs.vocab).encode(FIRST, SECOND)


def test_bert_student_reads_a_pair_with_segment_ids(tmp_path):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(build_tiny_bert(tmp_path / "bert"))
    inputs = WordpieceInput(tokenizer, 32, pair_reader="joint")
    encoded = inputs.encode(FIRST, SECOND)
    expected = tokenizer(FIRST[0], SECOND[0])
    joined = [i for i in encoded[0] if i != PAIR_BREAK]
    assert joined == expected["input_ids"]
    torch.manual_seed(0)
    model = build_model("bert", torch.randn(len(tokenizer), 12), 2, BERT, pairs=True).eval()
    ids, lengths, segments = inputs.collate(encoded, torch.device("cpu"))
    assert segments[0, :lengths[0]].tolist() == expected["token_type_ids"]
    with torch.no_grad():  # segments reach BERT's token-type embeddings (a random head's logits barely move)
        with_segments = model._run(ids, lengths, segments, output_hidden_states=True).hidden_states
        without = model._run(ids, lengths, output_hidden_states=True).hidden_states
    second = segments.bool()
    assert not torch.allclose(with_segments[0][second], without[0][second])
    assert torch.allclose(with_segments[0][~second], without[0][~second])  # segment 0 is BERT's default


def test_a_saved_pair_student_predicts_the_same_and_a_regression_head_has_one_output(tmp_path):
    torch.manual_seed(0)
    inputs, vectors = word_input("siamese")
    model = build_model("bilstm", vectors, 1, BILSTM, pairs=True).eval()
    encoded = inputs.encode(FIRST, SECOND)
    logits = predict(model, inputs, encoded)
    assert logits.shape == (2, 1)
    save_student(tmp_path / "model.pt", model, BILSTM, ["score"], inputs, "regression")
    loaded, loaded_inputs = load_student(tmp_path / "model.pt")
    assert loaded_inputs.pair_reader == "siamese"
    np.testing.assert_allclose(predict(loaded, loaded_inputs, loaded_inputs.encode(FIRST, SECOND)), logits)


def test_metrics_golden_values_by_hand():
    # binary F1 of label 1: tp 3, fp 0, fn 1 -> precision 1, recall 3/4, F1 = 2·(3/4)/(7/4) = 6/7
    assert score("f1", [1, 1, 1, 1, 0, 0], [1, 1, 1, 0, 0, 0]) == pytest.approx(100 * 6 / 7)
    # Pearson of x = [1, 2, 3], y = [1, 3, 2]: cov 1, var 2 and 2 -> r = 1/2; the ranks are the values
    assert score("pearson", [1, 2, 3], [1, 3, 2]) == pytest.approx(50.0)
    assert score("spearman", [1, 2, 3], [1, 3, 2]) == pytest.approx(50.0)
    # Spearman reads ranks only: a monotone but non-linear prediction is perfect, Pearson is not
    assert score("spearman", [1, 2, 3, 4], [1, 8, 27, 64]) == pytest.approx(100.0)
    assert score("pearson", [1, 2, 3, 4], [1, 8, 27, 64]) < 99.0
    assert math.isclose(score("macro_f1", [0, 1, 2], [0, 1, 1]), 100 * (1 + 2 / 3 + 0) / 3)
