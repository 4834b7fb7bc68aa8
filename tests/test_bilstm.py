"""The BiLSTM student: Sučík's 2.41M non-embedding parameters, embedding modes, packed sequences."""
import pytest
import torch

from bert_distil.students.models.bilstm import BiLSTMClassifier
from bert_distil.students.vocab import Vocabulary, embedding_matrix
from bert_distil.training.metrics import parameter_counts
from bert_distil.transfer.words import word_tokens


def test_sucik_parameter_count_300d_multichannel_two_classes():
    model = BiLSTMClassifier(torch.zeros(10, 300), num_labels=2, hidden=300, fc=400, mode="multichannel")
    assert parameter_counts(model)["non_embedding"] == 2_406_002


@pytest.mark.parametrize("mode, trainable_embeddings, frozen_copy", [
    ("multichannel", True, True), ("non-static", True, False), ("static", False, False)])
def test_embedding_modes(mode, trainable_embeddings, frozen_copy):
    vectors = torch.randn(20, 8)
    model = BiLSTMClassifier(vectors, num_labels=3, hidden=5, fc=7, mode=mode)
    assert model.embed.tuned.weight.requires_grad == trainable_embeddings
    assert (model.embed.frozen is not None) == frozen_copy
    if frozen_copy:
        assert not model.embed.frozen.weight.requires_grad
        assert model.lstm.input_size == 16


def test_padding_does_not_change_the_prediction():
    torch.manual_seed(0)
    model = BiLSTMClassifier(torch.randn(30, 6), num_labels=2, hidden=4, fc=5).eval()
    alone = model(torch.tensor([[3, 4, 5]]), torch.tensor([3]))
    padded = model(torch.tensor([[3, 4, 5, 0, 0], [1, 2, 3, 4, 5]]), torch.tensor([3, 5]))
    assert torch.allclose(alone[0], padded[0], atol=1e-6)
    outputs = model.layer_outputs(torch.tensor([[3, 4, 5, 0, 0], [1, 2, 3, 4, 5]]), torch.tensor([3, 5]))
    assert outputs["lstm"].shape == (2, 8) and outputs["fc"].shape == (2, 5)


def test_word_tokens_keep_mask_and_oov_vectors_are_uniform():
    assert list(word_tokens("The film [MASK] isn't good.")) == ["the", "film", "[mask]", "is", "n't", "good", "."]

    class Vectors:  # the KeyedVectors interface that embedding_matrix uses
        vector_size = 4
        key_to_index = {"good": 0}

        def __getitem__(self, word):
            return [1.0, 2.0, 3.0, 4.0]

    vocab = Vocabulary.build([["good", "film"], ["film"]])
    matrix, found = embedding_matrix(vocab, Vectors(), seed=0)
    assert found == 1 and matrix[0].tolist() == [0.0] * 4
    assert matrix[vocab.index["good"]].tolist() == [1.0, 2.0, 3.0, 4.0]
    film = matrix[vocab.index["film"]]
    assert ((film >= -0.25) & (film <= 0.25)).all()
