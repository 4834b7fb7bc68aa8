"""A real Snakemake run of the workflow on a tiny config: tiny data, a tiny random BERT teacher."""
import json

from conftest import REPO, planned_jobs, run_snakemake, write_config


def test_tiny_workflow_end_to_end(tiny_workdir):
    workdir, configfile, config = tiny_workdir
    workdir.mkdir()
    assert planned_jobs(workdir, configfile) == {"prepare_data": 1, "train_teacher": 1, "all": 1}
    run_snakemake(workdir, configfile)

    metrics = json.loads((workdir / "results/tiny/teacher/metrics.json").read_text())
    assert metrics["metric"] == "accuracy"
    for split in ("dev", "test"):
        assert 0.0 <= metrics[split]["accuracy"] <= 100.0
    assert metrics["parameters"]["non_embedding"] > 0
    assert metrics["provenance"]["packages"]["torch"].startswith("2.13.0")
    assert (workdir / "results/tiny/teacher/model/config.json").exists()
    curve = (workdir / "results/tiny/teacher/curve.csv").read_text().splitlines()
    assert curve[0].startswith("epoch,step,train_loss,lr,dev_accuracy") and len(curve) == 1 + 3
    assert not (workdir / "results/tiny/teacher/resume.pt").exists()

    # A second run has nothing to do.
    assert planned_jobs(workdir, configfile) == {}

    # A teacher hyper-parameter change reruns the teacher and nothing upstream.
    config["teacher"]["lr"] = 5e-4
    write_config(configfile, config)
    assert planned_jobs(workdir, configfile) == {"train_teacher": 1, "all": 1}


def test_paper_config_lays_out_the_real_jobs_offline(tmp_path):
    """The seeds' setup plans download -> parse -> fine-tune per task even without a network."""
    jobs = planned_jobs(tmp_path, REPO / "config/paper.yaml", "results/sst2/teacher/metrics.json")
    assert jobs == {"download": 1, "prepare_data": 1, "train_teacher": 1}
    assert planned_jobs(tmp_path, REPO / "config/paper.yaml") == {
        "download": 6, "prepare_data": 3, "train_teacher": 3, "all": 1}  # Sara has 4 files
