"""The BiLSTM student: Sučík's 2.41M non-embedding parameters, embedding modes, padded batches read with
packed sequences' numbers."""
import pytest
import torch

from bert_distil.students.models.bilstm import BiLSTMClassifier, reverse_within_lengths
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


def test_reversing_within_lengths_keeps_padding_out_and_undoes_itself():
    x = torch.arange(1, 7, dtype=torch.float).reshape(2, 3, 1)  # rows [1 2 3], [4 5 6]
    lengths = torch.tensor([3, 2])
    once = reverse_within_lengths(x, lengths)
    assert once[:, :, 0].tolist() == [[3, 2, 1], [5, 4, 4]]  # row 2: its 2 steps reversed, padding repeats
    twice = reverse_within_lengths(once, lengths)
    assert twice[0, :, 0].tolist() == [1, 2, 3] and twice[1, :2, 0].tolist() == [4, 5]


@pytest.mark.parametrize("layers", [1, 2])
def test_padded_reading_gives_the_packed_sequences_states_and_gradients(layers):
    """The CPU training reading (padded batches) against packed sequences (GPU and inference)."""
    torch.manual_seed(0)
    model = BiLSTMClassifier(torch.randn(50, 4), num_labels=3, hidden=6, fc=5, layers=layers)
    lengths = torch.tensor([7, 1, 4, 2, 7])
    ids = torch.randint(2, 50, (5, 7))
    ids[torch.arange(7)[None, :] >= lengths[:, None]] = 0
    states, sentence = model.encode(ids, lengths)
    reference_states, reference_sentence = model._encode_packed(ids, lengths)
    valid = (torch.arange(7)[None, :] < lengths[:, None])[..., None]
    torch.testing.assert_close(sentence, reference_sentence, rtol=0, atol=1e-6)
    torch.testing.assert_close(states * valid, reference_states, rtol=0, atol=1e-6)
    # training updates the same weights as it would through packed sequences
    weights = list(model.lstm.parameters())
    gradients = torch.autograd.grad(sentence.square().sum(), weights)
    references = torch.autograd.grad(reference_sentence.square().sum(), weights)
    for gradient, reference in zip(gradients, references, strict=True):
        torch.testing.assert_close(gradient, reference, rtol=1e-5, atol=1e-6)


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
