"""A student job killed with SIGKILL mid-training resumes from its checkpoint when Snakemake reruns it
(here through --retries, as on a cluster), and ends with the same metrics as an uninterrupted run."""
import copy
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ONE_THREAD, REPO, SNAKEMAKE, copy_run, planned_jobs, run_snakemake, write_config


def slow_student_config(tmp_path, config, student):
    """The tiny config with one student that trains long enough to be killed mid-run (its upstream, the
    teacher and the logits, is unchanged, so copies of the shared tiny run have it up to date)."""
    config = copy.deepcopy(config)
    config["students"] = {student: {**config["students"][student], "epochs": 40, "batch_size": 4,
                                    "checkpoint_every": 7, "seeds": [1]}}
    return write_config(tmp_path / "tiny.yaml", config)


def worker_pids(workdir: Path, script: str) -> list[int]:
    """Python processes running `script` for this working directory."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if script in (proc / "cmdline").read_text() and os.readlink(proc / "cwd") == str(workdir):
                pids.append(int(proc.name))
        except (OSError, ValueError):
            continue
    return pids


def comparable(metrics: dict) -> dict:
    return {k: v for k, v in metrics.items() if k != "run"}  # `run` holds wall-clock measurements


@pytest.mark.parametrize("student", ["bilstm", "bert"])
def test_killed_student_resumes_to_the_same_metrics(tmp_path, tiny_run, student):
    configfile = slow_student_config(tmp_path, tiny_run["config"], student)
    target = f"results/tiny/{student}/seed-1/metrics.json"
    # Two copies of the shared tiny run: teacher and logits are there; only the (changed) student reruns.
    reference, killed = copy_run(tiny_run, tmp_path / "reference"), copy_run(tiny_run, tmp_path / "killed")
    assert set(planned_jobs(killed, configfile, target)) == {"train_student"}
    run_snakemake(reference, configfile, target)

    command = [SNAKEMAKE, "--snakefile", str(REPO / "Snakefile"), "--directory", str(killed),
               "--configfile", str(configfile), "--cores", "2", *ONE_THREAD, "--retries", "1", target]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    checkpoint = killed / f"results/tiny/{student}/seed-1/resume.pt"
    deadline = time.time() + 300
    while not checkpoint.exists():
        assert process.poll() is None and time.time() < deadline, "training ended before its first checkpoint"
        time.sleep(0.05)
    time.sleep(0.3)  # let it run on past the checkpoint, so the kill loses some work
    (pid,) = worker_pids(killed, "train_student.py")
    os.kill(pid, signal.SIGKILL)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output[-4000:]

    resumed = json.loads((killed / target).read_text())
    uninterrupted = json.loads((reference / target).read_text())
    assert resumed["run"]["resumed_from_step"] > 0
    assert uninterrupted["run"]["resumed_from_step"] is None
    assert comparable(resumed) == comparable(uninterrupted)
    curve = (killed / f"results/tiny/{student}/seed-1/curve.csv").read_text()
    assert curve == (reference / f"results/tiny/{student}/seed-1/curve.csv").read_text()
    assert not checkpoint.exists()

    # The two working directories ran the same jobs since the copy: every metrics.json is the same.
    for path in sorted(reference.rglob("metrics.json")):
        other = killed / path.relative_to(reference)
        assert comparable(json.loads(path.read_text())) == comparable(json.loads(other.read_text())), path
