"""The down-scaled BERT student: Sučík's 2.42M non-embedding parameters, embeddings from outside with a
projection, an exact export to a plain Hugging Face folder, and save/load through `model.pt`."""
import pytest
import torch
from transformers import AutoModel, AutoModelForSequenceClassification

from bert_distil.students.inputs import WordpieceInput, build_inputs
from bert_distil.students.models import build_model
from bert_distil.students.models.bert import BertStudent
from bert_distil.students.saved import export_hf, load_student, predict
from bert_distil.training.metrics import parameter_counts
from conftest import build_tiny_bert

SUCIK = dict(layers=5, hidden=204, intermediate=750, heads=3)


@pytest.mark.parametrize("vectors, mode", [(torch.zeros(50, 300), "multichannel"),  # word2vec multichannel
                                           (torch.zeros(50, 1024), "non-static"),   # BERT-large wordpiece
                                           (torch.zeros(50, 204), "non-static")])   # random, no projection
def test_sucik_bert_student_has_2_42m_non_embedding_parameters(vectors, mode):
    model = BertStudent(vectors, num_labels=2, mode=mode, **SUCIK)
    # 5 layers × 475,050 + pooler 41,820 + embedding LayerNorm 408 + classifier 410
    assert parameter_counts(model)["non_embedding"] == 2_417_888
    assert isinstance(model.projection, torch.nn.Identity) == (vectors.shape[1] == 204)


@pytest.mark.parametrize("mode, tuned_trainable, frozen_copy", [
    ("multichannel", True, True), ("non-static", True, False), ("static", False, False)])
def test_embedding_modes_and_trainable_projection(mode, tuned_trainable, frozen_copy):
    model = BertStudent(torch.randn(30, 10), num_labels=3, layers=1, hidden=12, intermediate=16, heads=2, mode=mode)
    assert model.embed.tuned.weight.requires_grad == tuned_trainable
    assert (model.embed.frozen is not None) == frozen_copy
    assert model.projection.in_features == (20 if frozen_copy else 10) and model.projection.weight.requires_grad


def test_export_gives_the_same_logits_from_auto_model(tmp_path):
    torch.manual_seed(0)
    model = BertStudent(torch.randn(40, 10), num_labels=2, layers=2, hidden=12, intermediate=16, heads=2,
                        mode="multichannel").eval()
    ids, lengths = torch.tensor([[5, 6, 7, 0, 0], [1, 2, 3, 4, 5]]), torch.tensor([3, 5])
    model.to_hf().save_pretrained(tmp_path)
    exported = AutoModelForSequenceClassification.from_pretrained(tmp_path).eval()
    mask = (torch.arange(5)[None, :] < lengths[:, None]).long()
    with torch.no_grad():
        assert torch.allclose(model(ids, lengths), exported(input_ids=ids, attention_mask=mask).logits, atol=1e-5)
        # padding does not change a sentence's logits
        assert torch.allclose(model(ids[:1, :3], lengths[:1])[0], model(ids, lengths)[0], atol=1e-5)
        layers = model.layer_outputs(ids, lengths)
    assert list(layers) == ["embeddings", "layer-1", "layer-2"] and layers["layer-2"].shape == (2, 12)


def test_wordpiece_student_starts_from_teacher_embeddings_and_round_trips(tmp_path):
    teacher = build_tiny_bert(tmp_path / "teacher")
    entry = {"arch": "bert", "embeddings": "wordpiece", "embedding_mode": "non-static", "layers": 1, "hidden": 12,
             "intermediate": 16, "heads": 2, "max_length": 16, "dropout": 0.0}
    sentences = ["a good film", "a bad [MASK] film"]
    inputs, vectors = build_inputs(entry, sentences, {}, str(teacher), seed=0)
    assert isinstance(inputs, WordpieceInput)
    assert torch.equal(vectors, AutoModel.from_pretrained(teacher).get_input_embeddings().weight.detach())
    encoded = inputs.encode(sentences)
    assert inputs.tokenizer.mask_token_id in encoded[1]
    model = build_model("bert", vectors, 2, entry)
    assert model.projection.in_features == 32 and model.projection.out_features == 12

    torch.save({"arch": "bert", "entry": entry, "label_names": ["neg", "pos"], "state_dict": model.state_dict(),
                "input": inputs.state()}, tmp_path / "model.pt")
    loaded, loaded_inputs = load_student(tmp_path / "model.pt")
    assert loaded_inputs.encode(sentences) == encoded
    assert (predict(loaded, loaded_inputs, encoded) == predict(model, inputs, encoded)).all()

    export_hf(tmp_path / "model.pt", tmp_path / "hf")
    exported = AutoModelForSequenceClassification.from_pretrained(tmp_path / "hf")
    assert exported.config.id2label == {0: "neg", 1: "pos"} and (tmp_path / "hf/tokenizer.json").exists()
