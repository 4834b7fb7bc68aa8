"""tools/compare_results.py: what it compares, what it leaves out, and its exit status."""
import json
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import compare_results  # noqa: E402


def make_results(root, score=80.0, logits=(0.5, -0.5), device="CPU A", seconds=1.0):
    (root / "rt/bilstm").mkdir(parents=True)
    (root / "rt/bilstm/metrics.json").write_text(json.dumps({
        "task": "rt", "dev": {"accuracy": score}, "provenance": {"git_commit": device},
        "run": {"train_seconds": seconds}}))
    (root / "rt/logits/rules").mkdir(parents=True)
    table = pa.table({"id": ["a", "b"], "logits": pa.array([list(logits), [1.0, 2.0]], pa.list_(pa.float32()))})
    pq.write_table(table.replace_schema_metadata({"num_labels": "2", "device_name": device}),
                   root / "rt/logits/rules/shard-1-of-1.parquet")
    (root / "probing").mkdir()
    pd.DataFrame({"encoder": ["x"], "test": [0.5]}).to_csv(root / "probing/scores.csv", index=False)
    return root


def test_same_results_on_other_machines_and_times_agree(tmp_path, capsys):
    a = make_results(tmp_path / "a")
    b = make_results(tmp_path / "b", device="CPU B", seconds=2.0)
    assert compare_results.main([str(a), str(b)]) == 0
    assert "no differences" in capsys.readouterr().out


def test_a_changed_score_or_logit_is_reported(tmp_path, capsys):
    a = make_results(tmp_path / "a")
    b = make_results(tmp_path / "b", score=81.0, logits=(0.5, np.nextafter(np.float32(-0.5), np.float32(0))))
    assert compare_results.main([str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "rt/bilstm/metrics.json.dev.accuracy: 80.0 != 81.0" in out
    assert "rt/logits/rules/shard-1-of-1.parquet: logits differ in 1 of 2 rows" in out


def test_a_missing_file_is_reported(tmp_path, capsys):
    a = make_results(tmp_path / "a")
    b = make_results(tmp_path / "b")
    (b / "probing/scores.csv").unlink()
    assert compare_results.main([str(a), str(b)]) == 1
    assert "probing/scores.csv: only in A" in capsys.readouterr().out
