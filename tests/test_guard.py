"""The distillation guard: when the teacher does not beat a gold-label student on dev, the job log, the
task summary (table and figure) and the run's closing lines say so; distilled students record the margin."""
import pandas as pd

from bert_distil.reports.guard import guard_warning, teacher_margin
from conftest import run_snakemake, tiny_config, write_config


def _teacher(dev):
    return {"task": "t", "metric": "accuracy", "dev": {"accuracy": dev}}


def _gold(dev):
    return {"model": "bilstm_gold", "dev": {"accuracy": {"mean": dev, "sd": 0.0, "values": [dev]}}}


def test_margin_and_warning_compare_dev_scores():
    better = teacher_margin(_teacher(80.0), _gold(75.0))
    assert better["margin"] == 5.0 and better["baseline"] == "bilstm_gold" and guard_warning("t", better) is None
    tie = teacher_margin(_teacher(75.0), _gold(75.0))  # a tie is no gain either
    worse = teacher_margin(_teacher(72.0), _gold(75.6))
    assert guard_warning("t", tie) is not None
    line = guard_warning("t", worse)
    assert "bilstm_gold" in line and "72" in line and "75.6" in line and line.startswith("WARNING t:")


def test_a_teacher_worse_than_its_gold_student_is_flagged(tmp_path):
    """A tiny task with a teacher that barely trains (one epoch at lr 1e-9: chance) and a gold-label BiLSTM
    that learns the one-word rule of the tiny data."""
    config = tiny_config(tmp_path)
    config["teacher"].update(lr=1e-9, epochs=1)
    config["students"] = {"bilstm_gold": {**config["students"]["bilstm_gold"], "epochs": 12, "lr": 2e-2}}
    configfile = write_config(tmp_path / "guard.yaml", config)
    workdir = tmp_path / "work"
    workdir.mkdir()
    run_snakemake(workdir, configfile, "results/tiny/summary.csv")
    summary = pd.read_csv(workdir / "results/tiny/summary.csv").set_index("model")
    teacher_dev, gold_dev = summary.loc["teacher", "dev_accuracy"], summary.loc["bilstm_gold", "dev_accuracy"]
    assert teacher_dev < gold_dev, "the set-up must give a teacher worse than its gold student"
    note = summary.loc["teacher", "note"]
    assert note.startswith("WARNING tiny: the teacher does not beat the gold-label student bilstm_gold on dev")
    assert f"{teacher_dev:.4g} vs {gold_dev:.4g}" in note
    assert note in (workdir / "logs/tiny/summarize.log").read_text()
