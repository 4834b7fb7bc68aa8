"""Parsers on fixture files written here in each original format, validation, and splitting."""
import io
import json
import tarfile
import zipfile

import pandas as pd
import pytest

from bert_distil.data.rows import DataError
from bert_distil.data.tables import prepare_task


def _tar_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def write_vader_sdist(path, snippets: bytes):
    """The vaderSentiment sdist layout: a tarball inside the tarball holds the snippets file."""
    inner = _tar_bytes({"hutto_ICWSM_2014/movieReviewSnippets_GroundTruth.txt": snippets})
    path.write_bytes(_tar_bytes({"vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz": inner}))
    return path


def outputs(folder):
    return {**{s: folder / f"{s}.parquet" for s in ("train", "dev", "test")}, "labels": folder / "labels.json"}


def vader_lines(n=100):
    lines = []
    for i in range(1, n + 1):
        score = [2.5, -1.25, 0.0, 3.0, -2.0][i % 5]
        lines.append(f"{i}\t{score}\tsnippet number {i} is {'fine' if score > 0 else 'meh'}\r\n")
    return "".join(lines).encode()


def test_vader_rt_drops_zero_scores_and_splits_stratified(tmp_path):
    sdist = write_vader_sdist(tmp_path / "vader.tar.gz", vader_lines(100))
    out = outputs(tmp_path / "out")
    prepare_task("vader-rt", {"vader.tar.gz": sdist}, {"dev": 0.1, "test": 0.1, "seed": 13}, out)
    frames = {s: pd.read_parquet(out[s]) for s in ("train", "dev", "test")}
    assert [len(frames[s]) for s in ("train", "dev", "test")] == [64, 8, 8]  # 20 zero scores dropped
    everything = pd.concat(frames.values())
    assert everything["id"].is_unique and set(everything["label"]) == {0, 1}
    assert not everything["sentence"].str.contains("\r").any()
    assert "rt-2" not in set(everything["id"])  # line 2 has score 0
    by_id = everything.set_index("id")
    assert by_id.loc["rt-3", "label"] == 1 and by_id.loc["rt-3", "sentence"] == "snippet number 3 is fine"
    assert by_id.loc["rt-1", "label"] == 0  # score -1.25
    for frame in frames.values():  # stratified: 3 positive for every 2 negative
        assert frame["label"].mean() == pytest.approx(0.6, abs=0.13)
    assert json.loads(out["labels"].read_text())["names"] == ["negative", "positive"]

    again = outputs(tmp_path / "again")
    prepare_task("vader-rt", {"vader.tar.gz": sdist}, {"dev": 0.1, "test": 0.1, "seed": 13}, again)
    for s in ("train", "dev", "test"):  # deterministic: same ids in the same splits
        assert pd.read_parquet(again[s]).equals(frames[s])


def write_glue_zip(path, folder, files: dict[str, str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{folder}/{name}", text)
    return path


def test_glue_cola_format(tmp_path):
    cola = write_glue_zip(tmp_path / "CoLA.zip", "CoLA", {
        "train.tsv": "gj04\t1\t\tThe sailors rode the breeze clear of the rocks.\ngj04\t0\t*\tThe more we study verbs, the crazier they get get.\n",
        "dev.tsv": "bc01\t1\t\tThe book was written by John.\n",
        "test.tsv": "index\tsentence\n0\tBill whistled past the house.\n1\tThe car honked its way down the road.\n",
    })
    out = outputs(tmp_path / "out")
    prepare_task("glue-cola", {"CoLA.zip": cola}, {}, out)
    train = pd.read_parquet(out["train"])
    assert train["label"].tolist() == [1, 0] and train["id"].tolist() == ["train-000000", "train-000001"]
    assert train["sentence"][1] == "The more we study verbs, the crazier they get get."
    test = pd.read_parquet(out["test"])
    assert test["label"].tolist() == [-1, -1] and test["id"].tolist() == ["test-0", "test-1"]
    labels = json.loads(out["labels"].read_text())
    assert labels["names"] == ["unacceptable", "acceptable"] and labels["unlabelled_splits"] == ["test"]


def test_glue_sst2_format(tmp_path):
    sst2 = write_glue_zip(tmp_path / "SST-2.zip", "SST-2", {
        "train.tsv": "sentence\tlabel\nhide new secretions from the parental units \t0\ncontains no wit \t0\nwarm and funny \t1\n",
        "dev.tsv": "sentence\tlabel\nit 's a charming and often affecting journey . \t1\n",
        "test.tsv": "index\tsentence\n0\tuneasy mishmash of styles and genres .\n",
    })
    out = outputs(tmp_path / "out")
    prepare_task("glue-sst2", {"SST-2.zip": sst2}, {}, out)
    train = pd.read_parquet(out["train"])
    assert train["label"].tolist() == [0, 0, 1]
    assert train["sentence"][0] == "hide new secretions from the parental units"
    assert pd.read_parquet(out["dev"])["label"].tolist() == [1]


def test_sara_format(tmp_path):
    files = {"int_to_intent.tsv": "0\tgreet\n1\tgoodbye\n2\task_weather\n",
             "train.tsv": "0\thello there\n1\tbye bye\n2\tis it raining\n",
             "dev.tsv": "0\thi\n", "test.tsv": "1\tsee you\n2\twill it snow\n"}
    paths = {}
    for name, text in files.items():
        paths[name] = tmp_path / name
        paths[name].write_text(text)
    out = outputs(tmp_path / "out")
    prepare_task("sara", paths, {}, out)
    assert json.loads(out["labels"].read_text())["names"] == ["greet", "goodbye", "ask_weather"]
    assert pd.read_parquet(out["test"])["label"].tolist() == [1, 2]


@pytest.mark.parametrize("bad_line, message", [
    (b"7\t2.0\t   \r\n", "empty sentence"),
    (b"7\tn/a\ta sentence without a score\r\n", "missing or unknown label"),
    (b"7\tnan\ta sentence with a NaN score\r\n", "missing or unknown label"),
    (b"1\t2.0\tthe same id again\r\n", "duplicate id 'rt-1'"),
    (b"7\t2.0\tbad bytes \xff\xfe here\r\n", "undecodable bytes"),
])
def test_bad_rows_name_file_and_line_and_write_nothing(tmp_path, bad_line, message):
    lines = vader_lines(30).splitlines(keepends=True)
    lines.insert(5, bad_line)  # becomes line 6 of the file
    sdist = write_vader_sdist(tmp_path / "vader.tar.gz", b"".join(lines))
    out = outputs(tmp_path / "out")
    with pytest.raises(DataError, match=message) as error:
        prepare_task("vader-rt", {"vader.tar.gz": sdist}, {"dev": 0.1, "test": 0.1, "seed": 1}, out)
    assert "movieReviewSnippets_GroundTruth.txt:6:" in str(error.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_tsv_unknown_label_in_dev_is_reported(tmp_path):
    (tmp_path / "train.tsv").write_text("sentence\tlabel\na b\tpos\nc d\tneg\n")
    (tmp_path / "dev.tsv").write_text("sentence\tlabel\ne f\tpos\ng h\t\n")
    (tmp_path / "test.tsv").write_text("sentence\tlabel\ni j\tneg\n")
    files = {f"{s}.tsv": tmp_path / f"{s}.tsv" for s in ("train", "dev", "test")}
    with pytest.raises(DataError, match=r"dev.tsv:3: missing or unknown label"):
        prepare_task("tsv", files, {}, outputs(tmp_path / "out"))
