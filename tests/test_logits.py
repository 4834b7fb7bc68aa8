"""The gather check catches corrupted teacher-logit shards and names the shard."""
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bert_distil.io import write_parquet
from bert_distil.teacher.logits import LogitsError, check_logits

import pandas as pd


def write_shard(path, ids, values, num_labels=2):
    table = pa.table({"id": pa.array(ids, pa.string()),
                      "logits": pa.array([np.asarray(v, np.float32) for v in values], pa.list_(pa.float32()))})
    pq.write_table(table.replace_schema_metadata({"num_labels": str(num_labels), "teacher": "t"}), path)
    return path


@pytest.fixture
def transfer(tmp_path):
    paths = []
    for k, ids in enumerate([["a", "b"], ["c", "d"]]):
        paths.append(tmp_path / f"transfer-{k}.parquet")
        write_parquet(pd.DataFrame({"id": ids, "sentence": ids, "source": "train"}), paths[-1])
    return paths


def test_sound_shards_pass(tmp_path, transfer):
    logits = [write_shard(tmp_path / "l0.parquet", ["b", "a"], [[1, 2], [3, 4]]),
              write_shard(tmp_path / "l1.parquet", ["c", "d"], [[0, 1], [1, 0]])]
    summary = check_logits(transfer, logits, tmp_path / "check.json")
    assert summary["sentences"] == 4 and summary["num_labels"] == 2


@pytest.mark.parametrize("ids, values, num_labels, message", [
    (["c"], [[0, 1]], 2, "1 id\\(s\\) of .*transfer-1.parquet missing, e.g. 'd'"),
    (["c", "d"], [[0, np.nan], [1, 0]], 2, "non-finite logits for id 'c'"),
    (["c", "d"], [[0, 1, 2], [1, 0, 2]], 3, "num_labels 3, other shards have 2"),
    (["c", "d", "c"], [[0, 1], [1, 0], [0, 1]], 2, "duplicate id 'c'"),
    (["c", "x"], [[0, 1], [1, 0]], 2, "missing, e.g. 'd'"),
])
def test_corrupted_shard_is_named(tmp_path, transfer, ids, values, num_labels, message):
    good = write_shard(tmp_path / "l0.parquet", ["a", "b"], [[1, 2], [3, 4]])
    bad = write_shard(tmp_path / "bad-shard.parquet", ids, values, num_labels)
    with pytest.raises(LogitsError, match=message) as error:
        check_logits(transfer, [good, bad], tmp_path / "check.json")
    assert str(error.value).startswith(str(bad))
    assert not (tmp_path / "check.json").exists()
