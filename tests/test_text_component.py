"""`kind: text` transfer-set components: unlabelled sentences read from a file, the task's held-out
sentences removed as the students see sentences, and the workflow's collect_text rule on a tiny task."""
import pandas as pd
import pytest

from bert_distil.data.rows import DataError
from bert_distil.transfer.text import collect_text, read_lines, read_wikidump

from conftest import run_snakemake, tiny_sentences, write_config

DUMP = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">
  <page>
    <title>Apples</title>
    <ns>0</ns>
    <id>1</id>
    <revision><id>11</id><text xml:space="preserve">Apples grow on trees in many orchards. They are red or green. A held out sentence about apples is here. Too short.

== History ==
The apple was grown in [[Asia]] long ago.</text></revision>
  </page>
</mediawiki>
"""


def test_wikidump_gives_whole_prose_sentences(tmp_path):
    (tmp_path / "dump.xml").write_text(DUMP)
    assert list(read_wikidump(tmp_path / "dump.xml", 3, 20)) == [
        "Apples grow on trees in many orchards.", "They are red or green.",
        "A held out sentence about apples is here.", "The apple was grown in Asia long ago."]


def test_held_out_sentences_and_repeats_are_dropped_and_the_sample_keeps_file_order():
    sentences = ["One fine day .", "Two fine days.", "one FINE day.", "A test sentence.", "Three fine days.",
                 "Four fine days."]
    frame = collect_text(sentences, held_out=["a test sentence ."], name="notes")
    assert frame["sentence"].tolist() == ["One fine day .", "Two fine days.", "Three fine days.", "Four fine days."]
    assert frame["source"].eq("notes").all() and frame["id"].is_unique
    sample = collect_text(sentences, held_out=[], name="notes", max_sentences=2, seed=3)
    assert len(sample) == 2
    assert sample["sentence"].tolist() == [s for s in sentences if s in set(sample["sentence"])]  # file order
    assert sample.equals(collect_text(sentences, held_out=[], name="notes", max_sentences=2, seed=3))


def test_nothing_left_is_an_error_naming_the_augmentation():
    with pytest.raises(DataError, match="augmentation notes: no sentence left"):
        collect_text(["Held out."], held_out=["held out ."], name="notes")


def test_lines_skip_blanks_and_out_of_range_lines_and_name_a_bad_line(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"book a table for two\n\n  hi  \nplay   some jazz please\n")
    assert list(read_lines(path, 2, 10)) == ["book a table for two", "play some jazz please"]
    path.write_bytes(b"fine line here\nbad \xff byte\n")
    with pytest.raises(DataError, match=r"notes\.txt:2: not UTF-8"):
        list(read_lines(path, 1, 10))


def test_workflow_builds_a_transfer_set_from_a_text_file_without_held_out_sentences(tiny_workdir):
    """Rule collect_text between the task's data and the transfer set: a line of the file that is a test
    sentence of the task (in another case and spacing) never reaches the set; a training sentence stays once."""
    workdir, _, config = tiny_workdir
    train, _, test = (tiny_sentences()[:48], tiny_sentences()[48:60], tiny_sentences()[60:])
    notes = workdir.parent / "notes.txt"
    notes.write_text(f"the soundtrack was really lovely .\n{test[0][0].upper()}\n{train[0][0]}\nthe cast was dull .\n")
    config["augmentation"]["notes"] = {"kind": "text", "format": "lines", "path": str(notes)}
    config["transfer_sets"]["notes"] = {"components": ["train", "notes"]}
    configfile = write_config(workdir.parent / "notes.yaml", config)
    shards = [f"results/tiny/transfer/notes/shard-{i}-of-2.parquet" for i in (1, 2)]
    run_snakemake(workdir, configfile, *shards)
    transfer = pd.concat([pd.read_parquet(workdir / shard) for shard in shards])
    assert transfer.loc[transfer["source"] == "notes", "sentence"].tolist() == [
        "the soundtrack was really lovely .", "the cast was dull ."]
    assert (transfer["source"] == "train").sum() == 48
    assert "1 dropped as sentences of the dev/test splits" in (workdir / "logs/tiny/samples/notes.log").read_text()
