"""`precision: auto`: bf16 where the device computes it natively, fp32 elsewhere, recorded with each result."""
import json
import logging

import pandas as pd
import pyarrow.parquet as pq
import pytest
import torch

from bert_distil import precision
from bert_distil.teacher.finetune import TeacherSettings, fine_tune
from bert_distil.teacher.logits import score_shard
from conftest import build_tiny_bert, tiny_sentences


@pytest.mark.parametrize("amx, avx512_bf16, onednn, native", [
    (True, False, True, True),     # Sapphire Rapids and later: AMX tiles
    (False, True, True, True),     # Zen 4, Cooper Lake: AVX512-BF16
    (False, False, True, False),   # Skylake-class AVX-512 without the BF16 extension: oneDNN emulates
    (False, False, False, False),  # AVX2 only (Zen 3, most laptops)
    (False, True, False, False),   # the chip has it, but oneDNN is capped below it (ONEDNN_MAX_CPU_ISA=AVX2)
])
def test_cpu_probe(monkeypatch, amx, avx512_bf16, onednn, native):
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: amx)
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: avx512_bf16)
    monkeypatch.setattr(precision, "onednn_bf16", lambda: onednn)
    assert precision.native_bf16("cpu") is native


@pytest.mark.parametrize("native, requested, resolved", [
    (False, "auto", "fp32"), (True, "auto", "bf16"),
    (False, "fp32", "fp32"), (True, "fp32", "fp32"),
    (False, "bf16", "bf16"), (True, "bf16", "bf16"),
])
def test_resolve(monkeypatch, caplog, native, requested, resolved):
    monkeypatch.setattr(precision, "native_bf16", lambda device: native)
    with caplog.at_level(logging.INFO, logger="bert_distil.precision"):
        assert precision.resolve(requested, torch.device("cpu")) == resolved
    assert f"{requested} requested, {resolved} on" in caplog.text
    emulated_warning = [r for r in caplog.records if r.levelno == logging.WARNING]
    if requested == "bf16" and not native:  # obeyed, but the log says what it costs and how to avoid it
        assert "emulated" in emulated_warning[0].getMessage() and "auto or fp32" in emulated_warning[0].getMessage()
    else:
        assert not emulated_warning


def test_unknown_or_unresolved_precision_is_refused():
    with pytest.raises(ValueError, match="fp16"):
        precision.resolve("fp16", "cpu")
    with pytest.raises(ValueError, match="resolve 'auto' first"):
        precision.autocast("auto", torch.device("cpu"))


def test_hardware_names_the_cpu():
    info = precision.hardware("cpu")
    assert info["device"] == "cpu" and info["device_name"] and info["capability"] in {"DEFAULT", "AVX2", "AVX512"}


@pytest.mark.parametrize("native", [False, True])
def test_resolved_precision_reaches_metrics_and_logits(tmp_path, monkeypatch, native):
    monkeypatch.setattr(precision, "native_bf16", lambda device: native)
    expected = "bf16" if native else "fp32"
    rows = tiny_sentences()
    names = ["negative", "positive"]
    frame = lambda part: pd.DataFrame({"id": [f"s{i}" for i in range(len(part))], "sentence": [s for s, _ in part],
                                       "label": [names.index(l) for _, l in part]})
    splits = {"train": frame(rows[:24]), "dev": frame(rows[24:32]), "test": frame(rows[32:40])}
    settings = TeacherSettings(model=str(build_tiny_bert(tmp_path / "bert", hidden=16, layers=1)), max_length=16,
                               batch_size=8, grad_accum=1, optimizer="adamw", lr=1e-3, weight_decay=0.0,
                               warmup_proportion=0.1, warmup_epochs=None, decay=True, epochs=1, max_grad_norm=1.0,
                               precision="auto", eval_every=None, checkpoint_every=100, eval_batch_size=16, seed=1)
    fine_tune("tiny", settings, splits, names, "accuracy", [], tmp_path / "model", tmp_path / "metrics.json",
              tmp_path / "curve.csv", tmp_path / "resume.pt")
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["precision"] == expected and metrics["settings"]["precision"] == "auto"
    assert metrics["provenance"]["device_name"] == precision.cpu_model()

    splits["train"].to_parquet(tmp_path / "shard.parquet")
    score_shard(tmp_path / "shard.parquet", tmp_path / "model", tmp_path / "logits.parquet", 16, "auto", 16,
                torch.device("cpu"))
    metadata = pq.read_schema(tmp_path / "logits.parquet").metadata
    assert metadata[b"precision"].decode() == expected
    assert metadata[b"device_name"].decode() == precision.cpu_model()
