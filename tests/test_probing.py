"""Probing: SentEval's format, the builder's labelling rules on hand-made sentences (real spaCy and
link-grammar parses), the builder's balance on a small corpus, the probe's grid and selection, encodings."""
import numpy as np
import pandas as pd
import pytest
import torch

from bert_distil.data.rows import DataError
from bert_distil.probing import tasks
from bert_distil.probing.encode import encoder_layers
from bert_distil.probing.parse import ConstituencyParser, dependency_parses
from bert_distil.probing.probe import (ProbeGrid, ProbeSettings, best_setting, majority_baseline, mlp_probe,
                                       probe_layer)
from bert_distil.probing.senteval import SHORT_NAMES, read_probing_file, write_probing_file
from conftest import build_tiny_bert, write_tiny_probing_corpus


@pytest.fixture(scope="module")
def parser():
    return ConstituencyParser(max_parse_seconds=1)


def parse(sentences, parser=None):
    parsed = dependency_parses(sentences)
    for p, s in zip(parsed, sentences):
        p["tree"] = parser.tree(s) if parser else None
    return parsed


# --- SentEval's format ----------------------------------------------------------------------------------

def test_senteval_parser_reads_a_written_fixture(tmp_path):
    path = tmp_path / "past_present.txt"
    path.write_text("tr\tPAST\tThe dogs chased a cat .\ntr\tPRES\tShe sings .\n\nva\tPAST\tHe left .\r\n"
                    "te\tPRES\tThey run home .\n")
    frame = read_probing_file(path)
    assert frame.to_dict("records") == [
        {"split": "train", "label": "PAST", "sentence": "The dogs chased a cat ."},
        {"split": "train", "label": "PRES", "sentence": "She sings ."},
        {"split": "dev", "label": "PAST", "sentence": "He left ."},
        {"split": "test", "label": "PRES", "sentence": "They run home ."}]
    write_probing_file(frame.iloc[::-1], tmp_path / "again.txt")  # written back train, dev, test
    assert (tmp_path / "again.txt").read_text().splitlines()[0] == "tr\tPRES\tShe sings ."
    assert read_probing_file(tmp_path / "again.txt").sort_values("sentence").reset_index(drop=True).equals(
        frame.sort_values("sentence").reset_index(drop=True))


@pytest.mark.parametrize("line, message", [
    ("tr\tPAST", "bad.txt:2: expected 3 tab-separated fields"),
    ("xx\tPAST\tHe left .", "bad.txt:2: unknown split 'xx'"),
    ("tr\t\tHe left .", "bad.txt:2: empty label or sentence"),
])
def test_senteval_parser_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.txt"
    path.write_text(f"va\tPRES\tShe sings .\n{line}\nte\tPAST\tHe left .\n")
    with pytest.raises(DataError, match=message):
        read_probing_file(path)


def test_senteval_parser_wants_every_split(tmp_path):
    path = tmp_path / "no_dev.txt"
    path.write_text("tr\tPAST\tHe left .\nte\tPAST\tHe left .\n")
    with pytest.raises(DataError, match=r"no examples in split\(s\) \['dev'\]"):
        read_probing_file(path)


# --- labelling rules on hand-made sentences -------------------------------------------------------------

def test_dependency_labels(parser):
    cases = {  # sentence: (Tense, SubjNumber, ObjNumber)
        "The dogs chased a cat.": ("PAST", "NNS", "NN"),
        "The girl has eaten the apples.": ("PRES", "NN", "NNS"),
        "My brothers were reading books in the garden.": ("PAST", "NNS", "NNS"),
        "The teacher writes a letter every day.": ("PRES", "NN", "NN"),
        "She will buy the cars.": (None, None, "NNS"),  # modal: no tense; pronoun subject: no number
    }
    for sentence, (tense, subject, obj) in cases.items():
        (p,) = parse([sentence])
        assert (tasks.tense(p), tasks.subject_number(p), tasks.object_number(p)) == (tense, subject, obj), sentence


def test_constituency_labels(parser):
    (p,) = parse(["The dogs chased a cat."], parser)
    tree = tasks.constituency_tree(p)
    assert tree.label() == "S"
    assert tasks.top_constituents(tree) == "NP_VP_."
    assert tasks.tree_depth(tree) == 3  # S > VP > NP > "a"
    (deeper,) = parse(["The man who owns the dogs that chased a cat said that he was sorry."], parser)
    assert tasks.tree_depth(tasks.constituency_tree(deeper)) > 3
    assert tasks.constituency_tree({"tree": "(S (NP a ( b) c"}) is None  # broken brackets: no tree


def test_length_bins_are_equal_width():
    settings = tasks.BuildSettings(min_tokens=5, max_tokens=28, length_bins=6)
    assert [tasks.length_bin(n, settings) for n in (4, 5, 8, 9, 24, 25, 28, 29)] == \
        [None, "0", "0", "1", "4", "5", "5", None]


def test_word_content_needs_exactly_one_target_word():
    vocabulary = {"river", "storm"}
    label = lambda s: tasks.word_content({"tokens": s.split()}, vocabulary)  # noqa: E731
    assert label("The River was wide .") == "river"
    assert label("The river and the storm .") is None
    assert label("The river met the river .") is None
    assert label("Nothing here .") is None


def test_bigram_shift_swaps_two_adjacent_words():
    tokens = "The old dog chased a small cat .".split()
    shifted = tasks.bigram_shift(tokens, np.random.default_rng(0))
    differ = [k for k, (a, b) in enumerate(zip(tokens, shifted)) if a != b]
    assert len(differ) == 2 and differ[1] == differ[0] + 1 and differ[0] >= 1
    assert sorted(shifted) == sorted(tokens)
    assert tasks.bigram_shift(["Yes", "."], np.random.default_rng(0)) is None


def test_odd_man_out_replaces_a_noun_or_verb_with_a_same_tag_word():
    corpus = parse(["The dog chased a cat.", "The farmer saw a horse.", "A bird found the cat.",
                    "The teacher helped a student.", "The horse watched the dog."])
    neighbours = tasks.FrequencyNeighbours(corpus, neighbours=4)
    (p,) = parse(["The painter chased a horse."])
    changed = tasks.odd_man_out(p, np.random.default_rng(1), neighbours)
    (k,) = [k for k, (a, b) in enumerate(zip(p["tokens"], changed)) if a != b]
    assert p["tags"][k] in tasks.SOMO_TAGS and (changed[k], p["tags"][k]) in neighbours.rank


def test_coordination_inversion_swaps_the_clauses():
    (p,) = parse(["The dog barked loudly, and the cat ran away."])
    assert " ".join(tasks.coordination_inversion(p)) == "The cat ran away , and the dog barked loudly ."
    (proper,) = parse(["Mary sang a song but the children were sleeping."])
    assert " ".join(tasks.coordination_inversion(proper)) == "The children were sleeping but Mary sang a song ."
    (no_second_subject,) = parse(["The dog barked and ran away."])
    assert tasks.coordination_inversion(no_second_subject) is None


# --- the builder on a small corpus ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, parser):
    path = write_tiny_probing_corpus(tmp_path_factory.mktemp("corpus") / "corpus.txt", sentences=300)
    sentences = path.read_text().splitlines()
    return parse(sentences, parser)


@pytest.mark.parametrize("task", list(SHORT_NAMES))
def test_builder_output_is_balanced_and_in_senteval_format(task, small_corpus, tmp_path):
    settings = tasks.BuildSettings(sizes={"train": 60, "dev": 20, "test": 20}, word_content_words=3,
                                   word_content_skip=10, depth_classes=3, top_constituent_classes=2, seed=3)
    frame = tasks.build_task(task, small_corpus, settings)
    write_probing_file(frame, tmp_path / f"{task}.txt")
    read = read_probing_file(tmp_path / f"{task}.txt")
    assert len(read) == len(frame) and set(read["split"]) == {"train", "dev", "test"}
    counts = frame.groupby(["split", "label"]).size().unstack()
    assert counts.notna().all().all() and frame["label"].nunique() >= 2
    assert (counts.nunique(axis=1) == 1).all(), counts  # every class equally often in each split
    assert frame["label"].value_counts().nunique() == 1
    assert not frame.duplicated("source").any()  # a source sentence is used once: splits share none
    assert len(frame) <= 100 and counts.loc["train"].iloc[0] > counts.loc["dev"].iloc[0]
    again = tasks.build_task(task, small_corpus, settings)
    assert again.equals(frame)  # seeded


# --- the probe ------------------------------------------------------------------------------------------

def test_selection_picks_the_best_dev_setting_first_on_ties():
    grid = [{"hidden": 50, "dropout": 0.0, "dev": 0.7, "test": 0.9}, {"hidden": 100, "dropout": 0.1, "dev": 0.8,
            "test": 0.6}, {"hidden": 200, "dropout": 0.2, "dev": 0.8, "test": 0.5}]
    assert best_setting(grid) == grid[1]  # dev decides, not test


def test_grid_probes_are_separate_senteval_mlps():
    grid = ProbeGrid(8, [(3, 0.0), (5, 0.2)], classes=4).eval()
    x = torch.randn(6, 8)
    together = grid(x)
    for k in range(2):
        alone = grid.probe(k).eval()
        assert isinstance(alone[2], torch.nn.Sigmoid) and isinstance(alone[1], torch.nn.Dropout)
        torch.testing.assert_close(alone(x), together[k])
    fresh = mlp_probe(8, 3, 0.0, 4)
    assert [type(m) for m in fresh] == [type(m) for m in grid.probe(0)]


def test_probe_learns_a_separable_task_and_reports_its_best_dev_setting():
    rng = np.random.default_rng(0)
    direction = rng.normal(size=16)
    features = {s: rng.normal(size=(n, 16)).astype(np.float32) for s, n in (("train", 400), ("dev", 100), ("test", 100))}
    labels = {s: (v @ direction > 0).astype(int) for s, v in features.items()}
    settings = ProbeSettings(hidden=[4, 8], dropout=[0.0, 0.5], lr=1e-2, max_epochs=30, patience=5)
    result = probe_layer(features, labels, settings)
    assert len(result["grid"]) == 4 and result["test"] > 0.9
    assert result["dev"] == max(r["dev"] for r in result["grid"])
    assert all(r["best_epoch"] <= r["epochs"] <= 30 for r in result["grid"])
    shuffled = probe_layer(features, {**labels, "train": rng.permutation(labels["train"])}, settings)
    assert shuffled["test"] < 0.75  # labels unrelated to the features: no better than chance, about


def test_majority_baseline():
    assert majority_baseline(np.array([0, 1, 1, 2]), np.array([1, 1, 0, 2])) == 0.5


# --- encodings ------------------------------------------------------------------------------------------

def test_encoder_layers_are_mean_pooled_hidden_states(tmp_path):
    folder = build_tiny_bert(tmp_path / "bert", hidden=16, layers=3)
    sentences = ["the dogs chased a cat", "a cat", "birds sing in the garden at night"]
    layers = encoder_layers(str(folder), sentences, [0, 3], batch_size=2)
    assert list(layers) == ["embeddings", "layer-3"] and layers["layer-3"].shape == (3, 16)
    from transformers import AutoModel, AutoTokenizer

    tokenizer, model = AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder).eval()
    with torch.no_grad():
        alone = model(**tokenizer(sentences[1:2], return_tensors="pt"), output_hidden_states=True).hidden_states
    np.testing.assert_allclose(layers["layer-3"][1], alone[3][0].mean(0).numpy(), atol=1e-5)
    with pytest.raises(ValueError, match=r"layers \[4\] do not exist"):
        encoder_layers(str(folder), sentences, [4])


def test_tasks_are_encoded_in_groups_that_bound_memory():
    from bert_distil.probing.run import task_groups

    frame = lambda sentences: pd.DataFrame({"sentence": sentences})  # noqa: E731
    frames = {"a": frame(["x", "y"]), "b": frame(["y", "z"]), "c": frame(["u", "v", "w"]), "d": frame(["t"])}
    assert task_groups(frames, max_sentences=3) == [["a", "b"], ["c"], ["d"]]  # shared "y" counted once
    assert task_groups(frames, max_sentences=100) == [["a", "b", "c", "d"]]
    assert task_groups({"big": frame(list("abcdef"))}, max_sentences=2) == [["big"]]
