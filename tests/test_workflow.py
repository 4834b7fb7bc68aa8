"""A real Snakemake run of the workflow on a tiny config: tiny data, a tiny random BERT teacher, rule-based
transfer set, sharded teacher logits, a distilled BiLSTM (2 seeds), its gold-label twin, a BERT student on
the teacher's wordpiece embeddings (exported as a Hugging Face folder), LM samples, transfer-set variants,
a two-point width sweep, predictions, analysis and probing. The first half of that DAG is the session's
shared tiny run (conftest.tiny_run); the end-to-end test runs the rest on a copy of it."""
import copy
import json

import pandas as pd
from transformers import AutoModelForSequenceClassification

from bert_distil.precision import cpu_model, native_bf16
from conftest import (REPO, build_tiny_gpt2, copy_run, planned_jobs, run_snakemake, tiny_sentences, write_config,
                      write_tiny_probing_corpus)

FULL_DAG = {"prepare_data": 1, "train_teacher": 1, "tag_train": 1, "sample_rules": 2, "finetune_lm": 1,
            "sample_lm": 2, "build_transfer_set": 2, "derive_transfer_set": 2, "teacher_logits": 6,
            "check_logits": 3, "train_student": 8, "aggregate_student": 7, "export_student": 1,
            "summarize_task": 1, "export_onnx": 6, "measure_deploy": 6, "summarize_deploy": 1,
            "summarize_transfer_sets": 1,
            "summarize_sweeps": 1, "predict": 6,
            "analyze_predictions": 1, "parse_probing_corpus": 1, "build_probing_task": 10, "probe_encoder": 4,
            "collect_probing": 1, "all": 1}
TINY_PROBING = {"models": ["teacher", "bilstm", "bert"], "teacher_layers": [0, 2],
                "build": {"sizes": {"train": 30, "dev": 10, "test": 10}, "word_content_words": 3,
                          "word_content_skip": 10, "depth_classes": 3, "top_constituent_classes": 2},
                "probe": {"hidden": [4, 8], "dropout": [0.0, 0.1], "max_epochs": 3}}
WIDTH_SWEEP = {"student": "bilstm", "seeds": [3], "grid": [{"hidden": 4, "fc": 4}, {"hidden": 6, "fc": 12}]}


def test_tiny_workflow_end_to_end(tiny_run, tmp_path):
    config = copy.deepcopy(tiny_run["config"])
    workdir, configfile = tmp_path / "work", tmp_path / "tiny.yaml"
    config["sweeps"] = {"width": WIDTH_SWEEP}
    # LM samples (a tiny GPT-2 fine-tuned for 3 steps) and a chain of two variants: half of the shuffled set.
    lm = build_tiny_gpt2(workdir.parent / "tiny-gpt2", [s for s, _ in tiny_sentences()])
    config["lm"] = {"model": str(lm), "max_steps": 3, "batch_size": 8, "max_length": 16, "dev_sentences": 8}
    config["augmentation"]["lm"] = {"kind": "lm", "samples": 13, "max_tokens": 12, "batch_size": 4, "seed": 0}
    config["transfer_sets"] |= {"rules+lm": {"components": ["train", "rules", "lm"]},
                                "shuffled": {"base": "rules+lm", "variant": "shuffled", "seed": 1},
                                "half_shuffled": {"base": "shuffled", "variant": "frac", "fraction": 0.5}}
    bilstm = {**config["students"]["bilstm"], "seeds": [1]}
    config["students"] |= {"bilstm_lm": {**bilstm, "transfer": "rules+lm"},
                           "bilstm_half_shuffled": {**bilstm, "transfer": "half_shuffled"}}
    # Probing: all ten tasks built from a small template corpus; the pre-trained and fine-tuned teacher
    # and two students probed.
    corpus = write_tiny_probing_corpus(workdir.parent / "corpus.txt", sentences=300)
    config["probing"] = {**TINY_PROBING, "corpus": {"source": str(corpus), "format": "lines"}}
    write_config(configfile, config)
    (tmp_path / "empty").mkdir()
    assert planned_jobs(tmp_path / "empty", configfile) == FULL_DAG
    # The session's tiny run already holds the part of this DAG that its config shares (data, teacher,
    # rule-based transfer set and its logits, the tiny config's students): this run adds the rest.
    copy_run(tiny_run, workdir)
    remaining = planned_jobs(workdir, configfile)
    assert "train_teacher" not in remaining and "sample_rules" not in remaining and remaining["train_student"] == 4
    run_snakemake(workdir, configfile)
    results = workdir / "results/tiny"

    teacher = json.loads((results / "teacher/metrics.json").read_text())
    assert teacher["metric"] == "accuracy" and 0.0 <= teacher["test"]["accuracy"] <= 100.0
    assert teacher["provenance"]["packages"]["torch"].startswith("2.13.0")
    assert teacher["precision"] == "fp32" and teacher["provenance"]["device_name"] == cpu_model()  # asked for fp32
    assert (results / "teacher/model/config.json").exists()
    curve = (results / "teacher/curve.csv").read_text().splitlines()
    assert curve[0].startswith("epoch,step,train_loss,lr,dev_accuracy") and len(curve) == 1 + 3
    assert not (results / "teacher/resume.pt").exists()

    transfer = pd.concat(pd.read_parquet(p) for p in sorted((results / "transfer/rules").glob("shard-*.parquet")))
    assert (transfer["source"] == "train").sum() == 48 and (transfer["source"] == "rules").sum() > 0
    assert transfer["id"].is_unique
    logits = pd.concat(pd.read_parquet(p) for p in sorted((results / "logits/rules").glob("shard-*.parquet")))
    assert set(logits["id"]) == set(transfer["id"]) and logits["logits"].map(len).eq(2).all()
    assert json.loads((results / "logits/rules/check.json").read_text())["sentences"] == len(transfer)

    lm_metrics = json.loads((results / "lm/metrics.json").read_text())
    assert lm_metrics["steps"] == 3 and (results / "lm/model/config.json").exists()
    samples = pd.concat(pd.read_parquet(p) for p in sorted((results / "samples/lm").glob("shard-*.parquet")))
    assert 0 < len(samples) <= 13 and samples["id"].str.match(r"lm-[12]-\d+$").all()
    with_lm = pd.concat(pd.read_parquet(p) for p in sorted((results / "transfer/rules+lm").glob("shard-*.parquet")))
    assert set(with_lm["source"]) == {"train", "rules", "lm"} and len(with_lm) > len(transfer)
    half = pd.concat(pd.read_parquet(p) for p in sorted((results / "transfer/half_shuffled").glob("shard-*.parquet")))
    assert len(half) == round(len(with_lm) / 2) and set(half["source"]) == {"shuffled"}
    # a `frac` set's student reads its base's logits (same ids, same sentences): nothing is scored twice
    assert (results / "logits/shuffled/check.json").exists() and not (results / "logits/half_shuffled").exists()
    transfer_sets = pd.read_csv(results / "transfer_sets.csv").set_index("student")
    assert transfer_sets.loc["bilstm_lm", "sentences"] == len(with_lm)
    assert transfer_sets.loc["bilstm_half_shuffled", "kind"] == "frac"
    assert transfer_sets.loc["bilstm_gold", "kind"] == "gold"
    assert (workdir / "results/figures/tiny-transfer-sets.png").stat().st_size > 1000

    bilstm = json.loads((results / "bilstm/metrics.json").read_text())
    assert bilstm["seeds"] == [1, 2] and len(bilstm["test"]["accuracy"]["values"]) == 2
    seed_run = json.loads((results / "bilstm/seed-1/metrics.json").read_text())
    assert seed_run["train_sentences"] == len(transfer)
    # the students and the LM left `precision` at its default, auto: each job resolved it on this CPU
    auto = "bf16" if native_bf16("cpu") else "fp32"
    assert seed_run["precision"] == auto and lm_metrics["precision"] == auto
    assert seed_run["settings"]["precision"] == "auto"
    # deployable forms: the teacher and each student's first seed as ONNX and int8 graphs, checked against
    # PyTorch on test, each model's forms timed side by side in one job; the summary shows the PyTorch speed
    deploy = pd.read_csv(results / "deploy.csv")
    assert set(deploy["model"]) == {"teacher", *config["students"]}  # bert_large: false in the tiny config
    assert set(zip(deploy["model"], deploy["form"])) == {(m, f) for m in ["teacher", *config["students"]]
                                                          for f in ("pytorch", "onnx", "int8")}
    assert (deploy["tang_rows_per_s"] > 0).all() and deploy["threads"].eq(1).all()
    assert (deploy["latency_p95_ms"] >= deploy["latency_p50_ms"]).all() and (deploy["size_mb"] > 0).all()
    for model in ["teacher", *config["students"]]:
        check = json.loads((results / model / "deploy/check.json").read_text())
        assert check["onnx"]["argmax_agreement"] == 100.0 and check["onnx"]["max_abs_diff"] < 1e-3, (model, check)
    teacher_fp32 = deploy[(deploy["model"] == "teacher") & (deploy["form"] == "pytorch")].iloc[0]
    assert teacher_fp32["speedup_over_teacher"] == 1.0
    summary = pd.read_csv(results / "summary.csv").set_index("model")
    assert summary.loc["teacher", "sentences_per_s"] == teacher_fp32["tang_rows_per_s"]
    gold = json.loads((results / "bilstm_gold/seed-1/metrics.json").read_text())
    assert gold["train_sentences"] == 48
    assert seed_run["stop_reason"] == "epochs" and seed_run["stopped_epoch"] == 2  # no patience asked for
    # every distilled student records its teacher's dev margin over the gold-label BiLSTM (the guard)
    margin = bilstm["teacher_margin"]
    assert margin["baseline"] == "bilstm_gold" and margin["split"] == "dev"
    gold_dev = json.loads((results / "bilstm_gold/metrics.json").read_text())["dev"]["accuracy"]["mean"]
    assert margin["margin"] == teacher["dev"]["accuracy"] - gold_dev
    assert "teacher_margin" not in json.loads((results / "bilstm_gold/metrics.json").read_text())
    bert = json.loads((results / "bert/seed-1/metrics.json").read_text())
    assert bert["settings"]["embeddings"] == "wordpiece" and bert["train_sentences"] == len(transfer)
    exported = AutoModelForSequenceClassification.from_pretrained(results / "bert/seed-1/hf")
    assert exported.config.num_hidden_layers == 1 and exported.config.hidden_size == 12
    summary = pd.read_csv(results / "summary.csv")
    assert summary["model"].iloc[0] == "teacher" and set(summary["model"]) == {"teacher", *config["students"]}
    assert (workdir / "results/figures/tiny-summary.png").stat().st_size > 1000

    # The sweep points are students whose paths encode the swept values.
    assert (results / "width/hidden~6_fc~12/seed-3/metrics.json").exists()
    sweep = pd.read_csv(results / "sweeps.csv")
    assert sweep["point"].tolist() == ["hidden~4_fc~4", "hidden~6_fc~12"]
    assert sweep["non_embedding_parameters"].is_monotonic_increasing
    assert (workdir / "results/figures/tiny-sweeps.png").stat().st_size > 1000

    # Predictions of every model, and the analysis of the test split.
    teacher_test = pd.read_parquet(results / "teacher/predictions/test.parquet")
    assert len(teacher_test) == 12 and set(teacher_test.columns) >= {"id", "sentence", "label", "pred", "confidence",
                                                                        "logits"}
    assert (teacher_test["confidence"] >= 0.5).all() and teacher_test["logits"].map(len).eq(2).all()
    overlap = pd.read_csv(results / "analysis/overlap.csv")
    assert set(overlap["student"]) == set(config["students"])
    assert (overlap[["both right", "teacher only", "student only", "both wrong"]].sum(axis=1) == 12).all()
    agreement = pd.read_csv(results / "analysis/agreement.csv", index_col=0)
    assert agreement.loc["gold", "teacher"] == round(teacher_test.eval("pred == label").mean(), 4)
    assert (workdir / "results/figures/tiny-mistake-overlap.png").stat().st_size > 1000

    # Probing: every task built, every encoder's layers probed, the baseline alongside.
    data = pd.read_csv(workdir / "results/probing/data.csv").set_index("task")
    assert len(data) == 10 and (data["train_class_share_min"] == data["train_class_share_max"]).all()
    scores = pd.read_csv(workdir / "results/probing/scores.csv")
    assert set(scores["encoder"]) == {"pretrained", "tiny-teacher", "tiny-bilstm", "tiny-bert"}
    assert set(scores.loc[scores["encoder"] == "tiny-bert", "layer"]) == {"embeddings", "layer-1"}
    assert set(scores.loc[scores["encoder"] == "pretrained", "layer"]) == {"embeddings", "layer-2"}
    assert len(scores) == 10 * (2 + 2 + 2 + 2) and scores["test"].between(0, 1).all()
    balanced = scores["task"].map(1 / data["classes"])  # a balanced test split's majority baseline
    assert ((scores["majority"] - balanced).abs() < 1e-4).all()
    assert (workdir / "results/figures/probing-heatmap.png").stat().st_size > 1000

    # A second run has nothing to do.
    assert planned_jobs(workdir, configfile) == {}

    # A seed more trains that seed and reruns none of the others (a job's params hold no list of seeds).
    more_seeds = copy.deepcopy(config)
    more_seeds["students"]["bilstm_gold"]["seeds"] = [1, 2]
    write_config(configfile, more_seeds)
    assert planned_jobs(workdir, configfile)["train_student"] == 1

    # A student's hyper-parameter reruns that student (its seeds, its export) and the summary, nothing else.
    config["students"]["bert"]["lr"] = 5e-3
    write_config(configfile, config)
    assert planned_jobs(workdir, configfile) == {"train_student": 1, "aggregate_student": 1, "export_student": 1,
                                                 "export_onnx": 1, "measure_deploy": 1, "summarize_deploy": 1,
                                                 "summarize_task": 1, "summarize_transfer_sets": 1, "predict": 1,
                                                 "analyze_predictions": 1, "probe_encoder": 1, "collect_probing": 1,
                                                 "all": 1}
    # One sweep point's value reruns that point only (and the sweep summary); the base student's would
    # rerun every point, as each inherits it.
    config["sweeps"]["width"]["grid"][1]["fc"] = 10
    write_config(configfile, config)
    assert planned_jobs(workdir, configfile, "results/tiny/sweeps.csv") == {
        "train_student": 1, "aggregate_student": 1, "summarize_sweeps": 1}
    config["students"]["bilstm"]["lr"] = 5e-3
    write_config(configfile, config)
    assert planned_jobs(workdir, configfile, "results/tiny/sweeps.csv")["train_student"] == 2

    # A teacher hyper-parameter reruns the teacher and what depends on it, nothing upstream.
    config["teacher"]["lr"] = 5e-4
    write_config(configfile, config)
    jobs = planned_jobs(workdir, configfile)
    assert "prepare_data" not in jobs and "sample_rules" not in jobs and "build_transfer_set" not in jobs
    assert "finetune_lm" not in jobs and "sample_lm" not in jobs and "derive_transfer_set" not in jobs
    assert jobs["train_teacher"] == 1 and jobs["teacher_logits"] == 6
    # every student but the gold-label BiLSTM (word vectors, gold labels: no teacher in it) trains again
    assert jobs["train_student"] == sum(len(s["seeds"]) for name, s in config["students"].items()
                                        if name != "bilstm_gold") + len(WIDTH_SWEEP["grid"])
    # An LM sampling setting reruns the samples and what is built from them, not the fine-tuning.
    config["augmentation"]["lm"]["temperature"] = 0.8
    write_config(configfile, config)
    jobs = planned_jobs(workdir, configfile)
    assert jobs["sample_lm"] == 2 and jobs["build_transfer_set"] == 1 and "finetune_lm" not in jobs


def test_paper_config_lays_out_the_real_jobs_offline(tmp_path):
    """The seeds' setup plans download -> parse -> fine-tune per task even without a network."""
    jobs = planned_jobs(tmp_path, REPO / "config/paper.yaml", "results/sst2/teacher/metrics.json")
    assert jobs == {"download": 1, "prepare_data": 1, "train_teacher": 1}
    # The distilled BiLSTM: GPU jobs for the teacher, each of the 16 logit shards and each seed, and its
    # gold-label twin's seeds (its metrics.json records the teacher's margin over that twin).
    assert planned_jobs(tmp_path, REPO / "config/paper.yaml", "results/sst2/bilstm/metrics.json") == {
        "download": 1, "download_word_vectors": 1, "prepare_data": 1, "tag_train": 1, "train_teacher": 1,
        "sample_rules": 16, "finetune_lm": 1, "sample_lm": 16, "build_transfer_set": 1, "teacher_logits": 16,
        "check_logits": 1, "train_student": 3 + 3, "aggregate_student": 1 + 1}
    everything = planned_jobs(tmp_path, REPO / "config/paper.yaml")
    assert everything["download"] == 6 and everything["train_teacher"] == 3  # Sara has 4 files
    assert everything["train_student"] == 3 * 3 * 3 and everything["summarize_task"] == 3
    assert everything["export_student"] == 3  # bert_small per task, as a Hugging Face folder
    assert everything["summarize_tasks"] == 1  # the GLUE-style average over the three tasks
    # Probing on SentEval's own files: the pre-trained teacher, and each task's teacher and two students.
    assert everything["download_probing_task"] == 10 and everything["probe_encoder"] == 1 + 3 * 3
    assert "parse_probing_corpus" not in everything


def test_tang_config_lays_out_the_siamese_jobs_offline(tmp_path):
    """Tang et al.'s setup plans download -> parse -> teacher -> rule shards -> logit shards -> siamese
    students for QQP and MNLI, and the single-sentence BiLSTM for SST-2."""
    config = REPO / "config/tang.yaml"
    assert planned_jobs(tmp_path, config, "results/qqp/siamese/metrics.json") == {
        "download": 1, "download_word_vectors": 1, "prepare_data": 1, "tag_train": 1, "train_teacher": 1,
        "sample_rules": 16, "build_transfer_set": 1, "teacher_logits": 16, "check_logits": 1,
        "train_student": 3 + 3, "aggregate_student": 1 + 1}  # and the siamese gold-label twin's seeds
    everything = planned_jobs(tmp_path, config)
    assert everything["train_teacher"] == 3 and everything["train_student"] == 3 * 2 * 3
    assert everything["analyze_predictions"] == 3 and "probe_encoder" not in everything
    assert everything["summarize_tasks"] == 1


def test_missing_teacher_folder_stops_before_training(tiny_workdir):
    workdir, configfile, config = tiny_workdir
    config["teacher"]["model"] = str(workdir.parent / "no-such-teacher")
    write_config(configfile, config)
    result = run_snakemake(workdir, configfile, "results/tiny/teacher/metrics.json", check=False)
    assert result.returncode != 0
    assert "Missing input files for rule train_teacher" in result.stdout + result.stderr
    assert "no-such-teacher" in result.stdout + result.stderr
    assert not (workdir / "results/tiny/teacher").exists()
