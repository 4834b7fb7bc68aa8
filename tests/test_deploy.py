"""Deployable students: a saved student exports to a folder whose ONNX and int8 graphs run with ONNX Runtime
and agree with PyTorch; the predict command reads a file, names a bad line and writes nothing then."""
import io

import numpy as np
import pytest
import torch

from bert_distil.deploy.cli import main as cli
from bert_distil.deploy.export import export_student
from bert_distil.deploy.folder import read_input
from bert_distil.deploy.predictor import OnnxModel, load_predictor
from bert_distil.io import read_json
from bert_distil.students.inputs import WordLevelInput
from bert_distil.students.models import build_model
from bert_distil.students.saved import save_student
from bert_distil.students.vocab import Vocabulary

from conftest import tiny_sentences

BILSTM = {"arch": "bilstm", "hidden": 6, "fc": 5, "layers": 1, "embedding_mode": "multichannel", "dropout": 0.0}
BERT = {"arch": "bert", "layers": 1, "hidden": 12, "intermediate": 16, "heads": 2, "embedding_mode": "non-static",
        "max_length": 32, "dropout": 0.0}


def saved_student(tmp_path, entry, arch):
    sentences = [s for s, _ in tiny_sentences()]
    vocab = Vocabulary.build(s.lower().split() for s in sentences)
    inputs = WordLevelInput(vocab, entry.get("max_length") if arch == "bert" else None)
    torch.manual_seed(0)
    model = build_model(arch, torch.randn(len(vocab), 8), 2, entry).eval()
    save_student(tmp_path / "model.pt", model, {**entry, "arch": arch}, ["negative", "positive"], inputs)
    labels = [["negative", "positive"].index(label) for _, label in tiny_sentences()]
    return tmp_path / "model.pt", sentences, labels


@pytest.mark.parametrize("arch,entry", [("bilstm", BILSTM), ("bilstm", {**BILSTM, "layers": 2}), ("bert", BERT)])
def test_a_student_exports_to_onnx_and_int8_that_agree_with_pytorch(tmp_path, arch, entry):
    model_path, sentences, labels = saved_student(tmp_path, entry, arch)
    check = export_student(model_path, tmp_path / "deploy", sentences, None, labels, "accuracy")
    folder = tmp_path / "deploy"
    assert {p.name for p in folder.iterdir()} >= {"model.onnx", "model.int8.onnx", "labels.json", "input.json",
                                                  "words.txt", "check.json"}
    assert check == read_json(folder / "check.json")
    assert check["onnx"]["max_abs_diff"] < 1e-4 and check["onnx"]["argmax_agreement"] == 100.0
    assert check["int8"]["max_abs_diff"] < 0.5  # int8 weights: close, not equal
    # the folder alone (no model.pt) predicts the same as PyTorch
    model_path.unlink()
    onnx = OnnxModel(folder, "onnx")
    assert read_input(folder).encode(["a b"])[0] == onnx.inputs.encode(["a b"])[0]
    int8 = load_predictor(folder / "model.int8.onnx")
    assert int8.logits(sentences).shape == (len(sentences), 2)


def test_predict_prints_label_and_confidence_and_stops_at_a_bad_line(tmp_path, capsys):
    model_path, sentences, _ = saved_student(tmp_path, BILSTM, "bilstm")
    good = tmp_path / "good.txt"
    good.write_text("\n".join(sentences[:3]) + "\n")
    out = io.StringIO()
    assert cli(["predict", str(model_path), str(good)], stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    for line in lines:
        label, confidence = line.split("\t")
        assert label in {"negative", "positive"} and 0.5 <= float(confidence) <= 1.0

    bad = tmp_path / "bad.txt"
    bad.write_text(f"{sentences[0]}\n\n{sentences[1]}\n")
    written = tmp_path / "out.tsv"
    assert cli(["predict", str(model_path), str(bad), "--output", str(written)]) == 2
    assert f"{bad}:2: empty line" in capsys.readouterr().err
    assert not written.exists()  # nothing half-written
    pair = tmp_path / "pair.txt"
    pair.write_text(f"{sentences[0]}\t{sentences[1]}\n")
    assert cli(["predict", str(model_path), str(pair)]) == 2
    assert f"{pair}:1: this model reads single sentences" in capsys.readouterr().err


def test_predict_reads_stdin_and_an_exported_folder(tmp_path):
    model_path, sentences, labels = saved_student(tmp_path, BILSTM, "bilstm")
    export_student(model_path, tmp_path / "deploy", sentences, None, labels, "accuracy")
    from_torch, from_onnx = io.StringIO(), io.StringIO()
    text = "\n".join(sentences[:4]) + "\n"
    assert cli(["predict", str(model_path), "-"], stdin=io.StringIO(text), stdout=from_torch) == 0
    assert cli(["predict", str(tmp_path / "deploy"), "-"], stdin=io.StringIO(text), stdout=from_onnx) == 0
    torch_rows = [line.split("\t") for line in from_torch.getvalue().splitlines()]
    onnx_rows = [line.split("\t") for line in from_onnx.getvalue().splitlines()]
    assert [label for label, _ in torch_rows] == [label for label, _ in onnx_rows]
    np.testing.assert_allclose([float(c) for _, c in torch_rows], [float(c) for _, c in onnx_rows], atol=1e-3)


def test_the_deploy_table_joins_rows_timed_in_separate_jobs(tmp_path):
    """Each model is timed in its own job (a CSV each); the table's speed-ups divide by the teacher's and the
    BERT-large shape's PyTorch fp32 rows, and the BERT-large row (no score) takes the task's score split."""
    import pandas as pd

    from bert_distil.deploy.speed import BERT_LARGE, speed_table

    def rows(model, forms, cpu_ms, rows_per_s, split="test"):
        return pd.DataFrame([{"model": model, "form": form, "precision": "fp32", "score": 80.0,
                              "sucik_cpu_ms_per_row": ms, "tang_rows_per_s": rps, "score_split": split, "threads": 1}
                             for form, ms, rps in zip(forms, cpu_ms, rows_per_s)])

    for name, frame in {"teacher": rows("teacher", ["pytorch", "onnx"], [20.0, 10.0], [50.0, 100.0]),
                        BERT_LARGE: rows(BERT_LARGE, ["pytorch"], [400.0], [2.5], split=None),
                        "bilstm": rows("bilstm", ["pytorch", "int8"], [0.4, 0.2], [2500.0, 5000.0])}.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    table = speed_table(pd.concat([pd.read_csv(tmp_path / f"{n}.csv") for n in ("teacher", BERT_LARGE, "bilstm")],
                                  ignore_index=True)).set_index(["model", "form"])
    assert table.loc[("teacher", "pytorch"), "speedup_over_teacher"] == 1.0
    assert table.loc[("teacher", "onnx"), "speedup_over_teacher"] == 2.0
    assert table.loc[("bilstm", "int8"), "speedup_over_teacher"] == 100.0
    assert table.loc[("bilstm", "int8"), "speedup_over_bert_large"] == 2000.0
    assert table.loc[("bilstm", "pytorch"), "tang_speedup_over_bert_large"] == 1000.0
    assert (table["score_split"] == "test").all() and list(table.columns[-2:]) == ["score_split", "threads"]
