"""Teacher selection on dev: a grid of fine-tuning settings becomes one candidate job each, the best dev
score becomes results/{task}/teacher/, only it is scored on test, and a new grid point reruns only itself
and what reads the teacher."""
import json

import pandas as pd

from conftest import planned_jobs, run_snakemake, tiny_config, write_config


def test_the_best_candidate_on_dev_becomes_the_teacher(tmp_path):
    config = tiny_config(tmp_path)
    # 1e-9 cannot move the random tiny BERT off chance; 3e-3 learns the tiny task's one-word rule in ~4 epochs
    config["teacher"].update(lr=[1e-9, 3e-3], epochs=10, patience=4, batch_size=4)  # dev sits at chance for 3-4 epochs first
    config["tasks"]["tiny"]["run_students"] = []
    configfile = write_config(tmp_path / "grid.yaml", config)
    workdir = tmp_path / "work"
    workdir.mkdir()
    run_snakemake(workdir, configfile, "results/tiny/teacher/candidates.csv")
    results = workdir / "results/tiny/teacher"
    slow, fast = (json.loads((results / f"candidates/lr~{lr}/metrics.json").read_text()) for lr in ("1e-09", "0.003"))
    assert slow["test"] is None and fast["test"] is None  # candidates are never scored on test
    assert fast["dev"]["accuracy"] > slow["dev"]["accuracy"]
    teacher = json.loads((results / "metrics.json").read_text())
    assert teacher["selection"]["candidate"] == "lr~0.003"
    assert teacher["settings"]["lr"] == 3e-3 and teacher["dev"] == fast["dev"]
    assert teacher["test"]["accuracy"] >= 0 and (results / "model/config.json").exists()
    assert teacher["selection"]["candidates"] == {"lr~1e-09": slow["dev"]["accuracy"], "lr~0.003": fast["dev"]["accuracy"]}
    assert (results / "curve.csv").read_text() == (results / "candidates/lr~0.003/curve.csv").read_text()
    table = pd.read_csv(results / "candidates.csv").set_index("candidate")
    assert table.loc["lr~0.003", "selected"] and not table.loc["lr~1e-09", "selected"]
    assert table.loc["lr~1e-09", "stop_reason"] == "patience"  # never better than epoch 1: stops at epoch 5
    assert table.loc["lr~1e-09", "stopped_epoch"] == 5
    assert (workdir / "results/figures/tiny-teacher-candidates.png").stat().st_size > 1000

    # one more grid point: that candidate, the selection and the table rerun; the other candidates do not
    config["teacher"]["lr"].append(1e-2)
    write_config(configfile, config)
    assert planned_jobs(workdir, configfile, "results/tiny/teacher/candidates.csv") == {
        "train_teacher_candidate": 1, "select_teacher": 1, "summarize_teacher_candidates": 1}


def test_the_candidates_table_reads_each_grid_value_from_the_settings():
    from bert_distil.reports.teacher_grid import candidates_table

    def candidate(lr, warmup, dev):
        return {"metric": "accuracy", "dev": {"accuracy": dev}, "best_epoch": 2, "stopped_epoch": 3,
                "stop_reason": "patience", "run": {"train_seconds": 1.0},
                "settings": {"lr": lr, "warmup_proportion": warmup, "epochs": 3, "batch_size": 8}}

    table = candidates_table({"lr~0.0001_warmup_proportion~0.1": candidate(1e-4, 0.1, 70.0),
                              "lr~0.0001_warmup_proportion~0.0": candidate(1e-4, 0.0, 71.0)},
                             winner="lr~0.0001_warmup_proportion~0.0")
    assert table["warmup_proportion"].tolist() == [0.1, 0.0] and table["lr"].tolist() == [1e-4, 1e-4]
    assert "epochs" not in table and table["selected"].tolist() == [False, True]
