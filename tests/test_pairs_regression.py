"""Sentence pairs and regression through data preparation, metrics and the teacher (tiny data, tiny random
BERT built here): pair tables keep `sentence2`, scores stay floats, pairs are encoded with segment ids, a
regression teacher trains one output with MSE and reports Pearson/Spearman."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
import torch
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import f1_score

from bert_distil.data.rows import DataError, Row, TaskData
from bert_distil.data.sources import PARSERS
from bert_distil.data.tables import prepare_task, split_stratified
from bert_distil.inference import collate, segment_ids, tokenize
from bert_distil.teacher.finetune import TeacherSettings, fine_tune
from bert_distil.teacher.logits import read_logits, score_shard
from bert_distil.training.metrics import predictions_from_logits, scores, scores_from_logits

from conftest import build_tiny_bert, tiny_sentences


def test_pair_and_regression_metrics_match_their_libraries():
    y, p = [0, 1, 1, 0, 1, 1], [0, 1, 0, 0, 1, 1]
    assert scores("f1", y, p) == {"f1": pytest.approx(100 * f1_score(y, p)), "accuracy": pytest.approx(100 * 5 / 6)}
    gold, pred = [0.0, 1.5, 2.0, 4.5, 5.0], [0.5, 1.0, 2.5, 4.0, 4.9]
    got = scores("spearman", gold, pred)
    assert list(got) == ["spearman", "pearson"]
    assert got["pearson"] == pytest.approx(100 * pearsonr(gold, pred)[0])
    assert got["spearman"] == pytest.approx(100 * spearmanr(gold, pred)[0])
    assert scores("pearson", gold, [1.0] * 5)["pearson"] == 0.0  # a collapsed model: no correlation, not NaN


def test_predictions_from_logits_by_task_type():
    logits = np.array([[0.1, 0.9], [2.0, -1.0]], dtype=np.float32)
    assert predictions_from_logits(logits, "classification").tolist() == [1, 0]
    assert predictions_from_logits(np.array([[3.5], [1.0]]), "regression").tolist() == [3.5, 1.0]
    with pytest.raises(ValueError, match="one output"):
        predictions_from_logits(logits, "regression")
    assert scores_from_logits("pearson", [1.0, 2.0, 3.0], np.array([[1.0], [2.5], [2.9]]))["pearson"] > 90


def test_segment_ids_follow_the_first_separator(tmp_path):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(build_tiny_bert(tmp_path / "bert"))
    first, second = ["the film was good .", "the plot"], ["the story was dull .", "was very weak ."]
    encoded = tokenize(tokenizer, first, 32, second)
    batch = collate(tokenizer, encoded, torch.device("cpu"), pairs=True)
    reference = tokenizer(first, second, padding=True, return_tensors="pt")
    assert torch.equal(batch["input_ids"], reference["input_ids"])
    assert torch.equal(batch["token_type_ids"], reference["token_type_ids"])
    single = collate(tokenizer, tokenize(tokenizer, first, 32), torch.device("cpu"))
    assert "token_type_ids" not in single  # single sentences: exactly as before pairs existed
    ids = torch.tensor([[2, 7, 3, 8, 9, 3, 0]])  # [CLS] a [SEP] b c [SEP] [PAD]
    assert segment_ids(ids, ids != 0, 3).tolist() == [[0, 0, 0, 1, 1, 1, 0]]


def _pair_rows(n: int, regression: bool) -> list[Row]:
    """A toy pair task, learnable only from both texts: the pair is 'same' (score ~4.5) when both texts
    have the same sentiment, else 'different' (score ~1). Every pair is distinct."""
    data = tiny_sentences()
    pairs = np.random.default_rng(0).permutation(len(data) ** 2)[:n]  # distinct (first, second) pairs
    rows = []
    for i, pair in enumerate(pairs):
        (a, label_a), (b, label_b) = data[pair // len(data)], data[pair % len(data)]
        same = label_a == label_b
        label = (4.5 if same else 1.0) + (i % 5) / 10 if regression else int(same)
        rows.append(Row(f"r{i}", a, label, f"pairs.tsv:{i + 2}", sentence2=b))
    return rows


def _register(monkeypatch, name: str, task: TaskData) -> None:
    monkeypatch.setitem(PARSERS, name, lambda files: task)


def test_prepare_task_writes_pairs_and_float_scores(tmp_path, monkeypatch):
    task = TaskData({"all": _pair_rows(200, regression=True)}, ["score"], task_type="regression",
                    label_range=(0.0, 5.0))
    _register(monkeypatch, "toy-pairs", task)
    outputs = {s: tmp_path / f"{s}.parquet" for s in ("train", "dev", "test")} | {"labels": tmp_path / "labels.json"}
    prepare_task("toy-pairs", {}, {"dev": 0.1, "test": 0.1, "seed": 0}, outputs)
    train = pd.read_parquet(outputs["train"])
    assert list(train.columns) == ["id", "sentence", "sentence2", "label"]
    assert train["label"].dtype == np.float64 and train["label"].between(0, 5).all()
    labels = json.loads(outputs["labels"].read_text())
    assert labels["task_type"] == "regression" and labels["pair"] is True and labels["label_range"] == [0.0, 5.0]
    sizes = labels["sizes"]
    assert sizes["train"] + sizes["dev"] + sizes["test"] <= 200 and sizes["dev"] >= 15


def test_regression_split_is_stratified_by_score():
    rows = [Row(f"r{i}", f"sentence {i}", float(i % 50) / 10, f"f:{i}") for i in range(500)]
    splits = split_stratified(rows, 0.1, 0.1, seed=0, regression=True)
    means = {name: np.mean([r.label for r in part]) for name, part in splits.items()}
    assert max(means.values()) - min(means.values()) < 0.2  # deciles keep the splits' score distributions alike


def test_bad_pair_and_score_rows_name_file_and_line(tmp_path, monkeypatch):
    outputs = {s: tmp_path / f"{s}.parquet" for s in ("train", "dev", "test")} | {"labels": tmp_path / "labels.json"}
    rows = _pair_rows(40, regression=True)
    rows[5] = Row("r5", rows[5].sentence, math.nan, "pairs.tsv:7", sentence2="a second text")
    _register(monkeypatch, "toy-nan", TaskData({"all": rows}, ["score"], task_type="regression",
                                               label_range=(0.0, 5.0)))
    with pytest.raises(DataError, match=r"pairs.tsv:7: .*score"):
        prepare_task("toy-nan", {}, {"dev": 0.1, "test": 0.1, "seed": 0}, outputs)
    rows = _pair_rows(40, regression=False)
    rows[3] = Row("r3", rows[3].sentence, 1, "pairs.tsv:5", sentence2="  ")
    _register(monkeypatch, "toy-empty", TaskData({"all": rows}, ["different", "same"]))
    with pytest.raises(DataError, match="pairs.tsv:5: empty second text"):
        prepare_task("toy-empty", {}, {"dev": 0.1, "test": 0.1, "seed": 0}, outputs)
    assert not any(p.exists() for p in outputs.values())  # nothing that looks complete


def _frames(regression: bool) -> dict[str, pd.DataFrame]:
    rows = _pair_rows(120, regression)
    frame = lambda part: pd.DataFrame({"id": [r.id for r in part], "sentence": [r.sentence for r in part],
                                       "sentence2": [r.sentence2 for r in part],
                                       "label": [r.label for r in part]})
    return {"train": frame(rows[:80]), "dev": frame(rows[80:100]), "test": frame(rows[100:])}


def _settings(model: str, epochs: int = 4) -> TeacherSettings:
    return TeacherSettings(model=model, max_length=32, batch_size=8, grad_accum=1, optimizer="adamw", lr=2e-3,
                           weight_decay=0.0, warmup_proportion=0.1, warmup_epochs=None, decay=True, epochs=epochs,
                           max_grad_norm=1.0, precision="fp32", eval_every=None, checkpoint_every=100,
                           eval_batch_size=16, seed=1)


def test_regression_teacher_on_pairs_learns_and_scores_one_float_per_row(tmp_path):
    splits = _frames(regression=True)
    model = str(build_tiny_bert(tmp_path / "bert"))
    metrics = fine_tune("toy", _settings(model, epochs=20), splits, ["score"], "pearson", ["x"], tmp_path / "model",
                        tmp_path / "metrics.json", tmp_path / "curve.csv", tmp_path / "resume.pt",
                        task_type="regression")
    assert metrics["task_type"] == "regression" and metrics["pairs"] is True
    assert set(metrics["test"]) == {"pearson", "spearman"}
    curve = pd.read_csv(tmp_path / "curve.csv")
    assert curve["train_loss"].iloc[-1] < 0.5 * curve["train_loss"].iloc[0]  # MSE on the scores goes down

    splits["test"].to_parquet(tmp_path / "shard.parquet")
    score_shard(tmp_path / "shard.parquet", tmp_path / "model", tmp_path / "logits.parquet", 16, "fp32", 32,
                torch.device("cpu"))
    frame, metadata = read_logits(tmp_path / "logits.parquet")
    assert metadata["num_labels"] == "1" and all(len(v) == 1 for v in frame["logits"])


def test_pair_classification_teacher_reads_both_texts(tmp_path):
    splits = _frames(regression=False)
    model = str(build_tiny_bert(tmp_path / "bert"))
    metrics = fine_tune("toy", _settings(model), splits, ["different", "same"], "f1", [], tmp_path / "model",
                        tmp_path / "metrics.json", tmp_path / "curve.csv", tmp_path / "resume.pt")
    assert set(metrics["test"]) == {"f1", "accuracy"} and metrics["pairs"] is True


def test_metric_of_the_wrong_task_type_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'accuracy' is a classification metric, but task toy is regression"):
        fine_tune("toy", _settings("unused"), _frames(True), ["score"], "accuracy", [], tmp_path / "m",
                  tmp_path / "metrics.json", tmp_path / "c.csv", tmp_path / "r.pt", task_type="regression")


def test_light_task_type_lists_agree_with_the_registries():
    from bert_distil import config
    from bert_distil.training.losses import LOSSES
    from bert_distil.training.metrics import METRICS

    assert list(config.REGRESSION_METRICS) == [m for m in METRICS if METRICS[m].task_type == "regression"]
    assert set(config.REGRESSION_SOURCES) <= set(PARSERS) and set(config.REGRESSION_LOSSES) <= set(LOSSES)
    assert set(config.PAIR_SOURCES) <= set(PARSERS)
    assert set(config.GOLD_LOSSES) == {name for name, loss in LOSSES.items() if not loss.needs_teacher}


def test_a_regression_task_refuses_class_metrics_and_class_losses():
    from test_config_checks import problems_of

    def stsb(metric):
        def change(c):
            c["tasks"]["rt"].update(source="glue-stsb", metric=metric, run_students=None)  # every student
        return change

    problems = problems_of(stsb("accuracy"))
    assert any(p.startswith("tasks.rt.metric: 'accuracy' does not score a regression task") for p in problems)
    losses = [p for p in problems_of(stsb("pearson")) if "needs classes" in p]
    assert {p.split(" ")[0] for p in losses} == {"students.bert_small", "students.bilstm_gold"}  # kl, ce_gold
    assert any("tasks.rt.metric: 'pearson' does not score a classification task" in p
               for p in problems_of(lambda c: c["tasks"]["rt"].update(metric="pearson")))


def test_run_students_pick_each_tasks_students_and_gold_losses_fit_the_task_type():
    from test_config_checks import problems_of

    def add_scores(c):
        c["tasks"]["scores"] = {**c["tasks"]["rt"], "source": "vader-scores-tweets", "metric": "pearson",
                                "run_students": ["score_gold"]}
        c["students"]["score_gold"] = {**c["students"]["bilstm_gold"], "loss": "mse_gold"}
        c["tasks"]["rt"]["run_students"] = None

    # rt trains every student (run_students null), the regression twin included: refused, naming student and task
    problems = problems_of(add_scores)
    assert problems == ["students.score_gold (task rt): loss 'mse_gold' fits gold scores, but task rt is a "
                        "classification task; use ce_gold"]

    def and_rt_keeps_its_own(c):
        add_scores(c)
        c["tasks"]["rt"]["run_students"] = ["bilstm", "bert_small", "bilstm_gold"]

    assert problems_of(and_rt_keeps_its_own) == []
    assert problems_of(lambda c: (and_rt_keeps_its_own(c), c["tasks"]["rt"]["run_students"].append("bilstm_x"))) == [
        "tasks.rt.run_students: 'bilstm_x' is not defined under `students`"]


def _tagged_pairs() -> pd.DataFrame:
    rows = _pair_rows(12, regression=False)
    words = lambda text: text.split()
    return pd.DataFrame({"id": [r.id for r in rows],
                         "words": [words(r.sentence) for r in rows], "tags": [["NN"] * len(words(r.sentence)) for r in rows],
                         "words2": [words(r.sentence2) for r in rows],
                         "tags2": [["NN"] * len(words(r.sentence2)) for r in rows]})


def test_rule_samples_of_pairs_cycle_first_second_both():
    from bert_distil.transfer.rules import RuleSettings, sample_rules_shard

    tagged = _tagged_pairs()
    settings = RuleSettings(n_iter=6, p_mask=0.5, p_pos=0.3, p_ng=0.0)  # every text changes when augmented
    samples = sample_rules_shard(tagged, settings, shard=0, shards=1, seed=0, name="rules")
    assert list(samples.columns) == ["id", "sentence", "sentence2", "source"] and len(samples) == 12 * 6
    first = {i: " ".join(w) for i, w in zip(tagged["id"], tagged["words"])}
    second = {i: " ".join(w) for i, w in zip(tagged["id"], tagged["words2"])}
    for row in samples.itertuples():
        pair_id, k = row.id.rsplit("-", 2)[1], int(row.id.rsplit("-", 1)[1])
        kept = (row.sentence == first[pair_id], row.sentence2 == second[pair_id])
        # k % 3 == 0: only the first text augmented; 1: only the second; 2: both
        assert kept[1] if k % 3 == 0 else kept[0] if k % 3 == 1 else True, (k, row)
    changed_first = [row.sentence != first[row.id.rsplit("-", 2)[1]] for row in samples.itertuples()
                     if int(row.id.rsplit("-", 1)[1]) % 3 == 0]
    assert sum(changed_first) > 0.8 * len(changed_first)


def test_pair_transfer_set_dedups_on_both_texts_and_variants_keep_pairs():
    from bert_distil.transfer.assemble import assemble
    from bert_distil.transfer.variants import derive

    train = pd.DataFrame({"id": ["t1", "t2"], "sentence": ["a b", "c d"], "sentence2": ["x y", "z w"],
                          "label": [0, 1]})
    samples = pd.DataFrame({"id": ["s1", "s2", "s3", "s4"], "sentence": ["a b", "A b", "a b", "e"],
                            "sentence2": ["x", "x", "x y", ""], "source": "rules"})
    built = assemble(train, samples)
    # s1 is new (second text differs), s2 repeats s1 (case-insensitively), s3 repeats t1, s4 has an empty text
    assert built["id"].tolist() == ["t1", "t2", "s1"] and "sentence2" in built.columns
    for variant in ("shuffled", "unigram", "frac"):
        derived = derive(built, variant, seed=0, fraction=0.5)
        assert "sentence2" in derived.columns and derived["sentence2"].str.len().gt(0).all(), variant


def test_lm_reads_pairs_joined_and_samples_split_at_exactly_one_separator():
    from bert_distil.transfer.sampling import PAIR_SEPARATOR, lm_texts, split_pairs

    frame = pd.DataFrame({"sentence": ["a b ."], "sentence2": ["c d ."]})
    assert lm_texts(frame) == [f"a b .{PAIR_SEPARATOR}c d ."]
    assert lm_texts(frame.drop(columns="sentence2")) == ["a b ."]
    keep, pairs = split_pairs(["x y ||| z", "no separator", "one ||| two ||| three", "||| empty first", "p |||q"])
    assert keep == [0, 4] and pairs == [("x y", "z"), ("p", "q")]
