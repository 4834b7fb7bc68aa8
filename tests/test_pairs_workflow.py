"""A real Snakemake run on one tiny sentence-pair task (GLUE's MNLI format: matched and mismatched dev and
test) and one tiny regression task (STS-B's format), both with a tiny random BERT teacher: rule-based
transfer sets of pairs, teacher logits (one float per row for the scores), a siamese BiLSTM, its gold-label
twin and a BERT student per task, predictions with both texts, the classification analysis for the pair task
and the score analysis for the regression task, every model scored on MNLI's mismatched dev too, and the
GLUE-style average over both tasks. GLUE hides its test labels, so both report dev."""
import json
import zipfile

import pandas as pd

from conftest import (build_tiny_bert, planned_jobs, run_snakemake, tiny_sentences, write_config,
                      write_tiny_word_vectors)

MNLI_HEADER = ("index", "sentence1", "sentence2", "gold_label")
MNLI_FILES = {"train": "train.tsv", "dev": "dev_matched.tsv", "dev_mismatched": "dev_mismatched.tsv",
              "test": "test_matched.tsv", "test_mismatched": "test_mismatched.tsv"}
STSB_HEADER = ("index", "genre", "filename", "year", "old_index", "source1", "source2", "sentence1",
               "sentence2", "score")


def tiny_pairs() -> list[tuple[str, str, bool, float]]:
    """(A, B, same sentiment?, a 0-5 similarity score): two tiny sentences agree when their sentiment words
    agree; the score is higher when they also share the subject."""
    rows = tiny_sentences()
    pairs = []
    for k, (first, label) in enumerate(rows):
        second, other = rows[(7 * k + 3) % len(rows)]
        same = label == other
        shared_subject = first.split()[:2] == second.split()[:2]
        pairs.append((first, second, same, (3.5 if same else 0.5) + (1.0 if shared_subject else 0.0)))
    return pairs  # 72


def write_glue_zips(folder):
    pairs = tiny_pairs()
    parts = {"train": pairs[:48], "dev": pairs[48:60], "test": pairs[60:]}
    mnli_parts = {"train": pairs[:48], "dev": pairs[48:60], "dev_mismatched": pairs[60:66],
                  "test": pairs[66:], "test_mismatched": pairs[60:66]}

    def tsv(rows):
        return "".join("\t".join(map(str, row)) + "\n" for row in rows)

    def stsb_row(i, a, b, *score):
        return (i, "main-captions", "tiny", "2026", f"{i:04d}", "none", "none", a, b, *score)

    def nli_label(same, score):  # the same sentiment entails; a shared subject alone is neutral
        return "entailment" if same else "neutral" if score > 1.0 else "contradiction"

    mnli, stsb = folder / "MNLI.zip", folder / "STS-B.zip"
    with zipfile.ZipFile(mnli, "w") as archive:
        for split, rows in mnli_parts.items():
            test = split.startswith("test")
            header = MNLI_HEADER[:-1] if test else MNLI_HEADER
            body = [(i, a, b, *([] if test else [nli_label(same, s)])) for i, (a, b, same, s) in enumerate(rows)]
            archive.writestr(f"MNLI/{MNLI_FILES[split]}", tsv([header, *body]))
    with zipfile.ZipFile(stsb, "w") as archive:
        for split, rows in parts.items():
            header = STSB_HEADER if split != "test" else STSB_HEADER[:-1]
            body = [stsb_row(i, a, b, *([] if split == "test" else [f"{s:.3f}"]))
                    for i, (a, b, _, s) in enumerate(rows)]
            archive.writestr(f"STS-B/{split}.tsv", tsv([header, *body]))
    return mnli, stsb


def pair_config(tmp):
    mnli, stsb = write_glue_zips(tmp)
    teacher = build_tiny_bert(tmp / "tiny-bert")
    vectors = write_tiny_word_vectors(tmp / "vectors.txt")
    bilstm = {"arch": "bilstm", "word_vectors": "tiny", "hidden": 8, "fc": 8, "epochs": 2, "batch_size": 16,
              "lr": 1e-2, "checkpoint_every": 3, "seeds": [1]}
    bert = {"arch": "bert", "transfer": "rules", "embeddings": "wordpiece", "embedding_mode": "non-static",
            "layers": 1, "hidden": 12, "intermediate": 16, "heads": 2, "max_length": 32, "dropout": 0.1,
            "epochs": 2, "batch_size": 16, "lr": 1e-2, "checkpoint_every": 3, "seeds": [1]}
    return {
        "targets": ["mnli", "sts"],
        "tasks": {
            "mnli": {"source": "glue-mnli", "metric": "accuracy", "files": {"MNLI.zip": {"url": str(mnli)}},
                    "run_students": ["siamese", "siamese_gold", "bert"]},
            "sts": {"source": "glue-stsb", "metric": "pearson", "files": {"STS-B.zip": {"url": str(stsb)}},
                    "run_students": ["siamese_scores", "siamese_scores_gold", "bert_scores"]},
        },
        "teacher": {"model": str(teacher), "max_length": 32, "batch_size": 8, "lr": 1e-3, "epochs": 2,
                    "warmup_proportion": 0.1, "precision": "fp32", "checkpoint_every": 5, "seed": 1},
        "shards": 2,
        "augmentation": {"rules": {"kind": "rules", "n_iter": 3, "seed": 0}},
        "transfer_sets": {"none": {"components": ["train"]}, "rules": {"components": ["train", "rules"]}},
        "logits": {"batch_size": 16, "precision": "fp32"},
        "word_vectors": {"tiny": {"source": str(vectors), "format": "glove-txt"}},
        "probing": {"tasks": []},
        "deploy": {"rows": 16, "latency_rows": 2, "bert_large": False},
        "students": {
            # Tang's mixture: α·CE (gold, or the teacher's argmax on augmented pairs) + (1 − α)·MSE
            "siamese": {**bilstm, "transfer": "rules", "loss": "mse", "alpha": 0.5, "optimizer": "adadelta",
                        "lr": 1.0, "rho": 0.95},
            "siamese_gold": {**bilstm, "loss": "ce_gold"},
            "bert": {**bert, "loss": "kl", "temperature": 3.0},
            "siamese_scores": {**bilstm, "transfer": "rules", "loss": "mse"},
            "siamese_scores_gold": {**bilstm, "loss": "mse_gold"},
            "bert_scores": {**bert, "loss": "mse"},
        },
    }


def test_tiny_pair_and_regression_workflow(tmp_path):
    config = pair_config(tmp_path)
    configfile, workdir = write_config(tmp_path / "pairs.yaml", config), tmp_path / "work"
    jobs = planned_jobs(workdir, configfile)
    assert jobs["train_teacher"] == 2 and jobs["train_student"] == 6 and jobs["analyze_predictions"] == 1
    assert jobs["analyze_scores"] == 1 and jobs["predict"] == 8 and "tag_train" in jobs
    run_snakemake(workdir, configfile)
    mnli, sts = workdir / "results/mnli", workdir / "results/sts"

    labels = json.loads((workdir / "resources/data/sts/labels.json").read_text())
    assert labels["task_type"] == "regression" and labels["pair"] and labels["names"] == ["score"]
    # the rules cycle through augmenting A, B and both; the teacher scores every pair
    transfer = pd.concat(pd.read_parquet(p) for p in sorted((mnli / "transfer/rules").glob("shard-*.parquet")))
    augmented = transfer[transfer["source"] == "rules"]
    assert len(augmented) > 0 and {"sentence", "sentence2"} <= set(transfer.columns)
    logits = pd.concat(pd.read_parquet(p) for p in sorted((sts / "logits/rules").glob("shard-*.parquet")))
    assert logits["logits"].map(len).eq(1).all()  # one score per pair

    siamese = json.loads((mnli / "siamese/seed-1/metrics.json").read_text())
    assert siamese["pairs"] and siamese["test"] is None and 0 <= siamese["dev"]["accuracy"] <= 100
    assert siamese["train_sentences"] == len(transfer)
    assert siamese["settings"]["alpha"] == 0.5 and siamese["settings"]["rho"] == 0.95
    gold = json.loads((mnli / "siamese_gold/seed-1/metrics.json").read_text())
    assert gold["train_sentences"] == 48
    scores = json.loads((sts / "siamese_scores/seed-1/metrics.json").read_text())
    assert scores["task_type"] == "regression" and set(scores["dev"]) == {"pearson", "spearman"}
    assert json.loads((sts / "siamese_scores_gold/seed-1/metrics.json").read_text())["train_sentences"] == 48
    assert not (mnli / "siamese_scores").exists() and not (sts / "siamese").exists()  # run_students
    assert (mnli / "bert/seed-1/hf/config.json").exists() and (sts / "bert_scores/seed-1/hf/config.json").exists()

    # pair and regression models export too (checked on dev: GLUE's test is unlabelled)
    siamese_check = json.loads((mnli / "siamese/deploy/check.json").read_text())
    assert siamese_check["split"] == "dev" and siamese_check["onnx"]["argmax_agreement"] == 100.0
    scores_check = json.loads((sts / "siamese_scores/deploy/check.json").read_text())
    assert "argmax_agreement" not in scores_check["onnx"] and scores_check["onnx"]["max_abs_diff"] < 1e-3
    assert set(pd.read_csv(sts / "deploy.csv")["form"]) == {"pytorch", "onnx", "int8"}

    # MNLI's mismatched dev is scored by the teacher and every student, next to the matched dev
    mnli_labels = json.loads((workdir / "resources/data/mnli/labels.json").read_text())
    assert mnli_labels["extra_splits"] == ["dev_mismatched", "test_mismatched"]
    assert len(pd.read_parquet(workdir / "resources/data/mnli/extra.parquet")) == 12
    assert set(json.loads((mnli / "teacher/metrics.json").read_text())["extra"]) == {"dev_mismatched"}
    assert set(siamese["extra"]["dev_mismatched"]) == {"accuracy"}
    aggregated = json.loads((mnli / "siamese/metrics.json").read_text())
    assert aggregated["extra"]["dev_mismatched"]["accuracy"]["values"] == [siamese["extra"]["dev_mismatched"]["accuracy"]]
    mnli_summary = pd.read_csv(mnli / "summary.csv").set_index("model")
    assert mnli_summary["accuracy_dev_mismatched"].between(0, 100).all()
    assert json.loads((sts / "teacher/metrics.json").read_text())["extra"] == {}

    summary = pd.read_csv(sts / "summary.csv")
    assert list(summary["model"]) == ["teacher", "siamese_scores", "siamese_scores_gold", "bert_scores"]
    assert {"pearson", "spearman"} <= set(summary.columns) and (summary["split"] == "dev").all()

    # predictions carry both texts; a regression model's are scores
    dev = pd.read_parquet(sts / "bert_scores/predictions/dev.parquet")
    assert {"sentence", "sentence2", "label", "pred"} <= set(dev.columns) and "confidence" not in dev.columns
    assert dev["label"].between(0, 5).all() and dev["pred"].dtype == float
    mistakes = pd.read_csv(mnli / "analysis/mistakes.csv")
    assert {"sentence", "sentence2"} <= set(mistakes.columns)
    errors = pd.read_csv(sts / "analysis/score_errors.csv").set_index("model")
    assert list(errors.index) == ["teacher", "siamese_scores", "siamese_scores_gold", "bert_scores"]
    assert (errors["mae"] >= 0).all() and errors["pearson"].between(-100, 100).all()
    largest = pd.read_csv(sts / "analysis/largest_errors.csv")
    assert {"sentence", "sentence2", "gold", "pred", "teacher pred"} <= set(largest.columns)
    # the GLUE-style average: MNLI's score is the mean of matched and mismatched, STS-B's of Pearson and Spearman
    average = pd.read_csv(workdir / "results/tasks.csv").set_index("model")
    teacher_row = summary.set_index("model").loc["teacher"]
    mnli_score = (mnli_summary.loc["teacher", "accuracy"] + mnli_summary.loc["teacher", "accuracy_dev_mismatched"]) / 2
    sts_score = (teacher_row["pearson"] + teacher_row["spearman"]) / 2
    assert abs(average.loc["teacher", "average"] - (mnli_score + sts_score) / 2) < 1e-9
    assert average.loc["teacher", "tasks"] == 2 and average.loc["siamese", "tasks"] == 1
    for figure in ("sts-scores.png", "sts-score-errors.png", "mnli-confidence.png"):
        assert (workdir / "results/figures" / figure).stat().st_size > 1000
    assert planned_jobs(workdir, configfile) == {}
