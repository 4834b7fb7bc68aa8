"""The tiny workflow through profiles/slurm on a real one-node Slurm cluster (Debian's slurmctld/slurmd
and munge, started by tests/slurm/cluster.sh), compared with a local run of the same config."""
import json
import os
import subprocess
import time

import pandas as pd
import pytest

from conftest import ONE_THREAD, REPO, SNAKEMAKE

CLUSTER = str(REPO / "tests/slurm/cluster.sh")
# Through Slurm: data, teacher, rule-based samples, transfer set, logit shards and both BiLSTM students
# (every kind of job the profile sends, CPU and `gpu` rules; the BERT student, predictions and summaries
# run the same way and are left to the local run).
TARGETS = ["results/tiny/bilstm/metrics.json", "results/tiny/bilstm_gold/metrics.json"]


@pytest.fixture(scope="module")
def slurm(tmp_path_factory):
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Slurm test as root")
        pytest.skip("starting a Slurm cluster needs root")
    subprocess.run(["bash", CLUSTER, "install"], check=True, timeout=900)
    state = tmp_path_factory.mktemp("slurm")
    started = time.perf_counter()
    subprocess.run(["bash", CLUSTER, "start", str(state)], check=True, timeout=120)
    seconds_to_come_up = time.perf_counter() - started
    print(f"\nslurm cluster up in {seconds_to_come_up:.1f} s")
    yield {"state": state, "env": {**os.environ, "SLURM_CONF": str(state / "slurm.conf")},
           "up_seconds": seconds_to_come_up}
    subprocess.run(["bash", CLUSTER, "stop", str(state)], timeout=60)


def slurm_run(workdir, configfile, env, targets):
    """snakemake --profile profiles/slurm, with the local cluster's partition, no accounting, and
    resources that fit one small node (the profile's own values are a real cluster's)."""
    command = [
        "timeout", "-k", "30", "1500", SNAKEMAKE, *targets, "--snakefile", str(REPO / "Snakefile"),
        "--directory", str(workdir), "--configfile", str(configfile), "--profile", str(REPO / "profiles/slurm"),
        *ONE_THREAD,  # --set-threads takes a list: the option after it ends it, and the targets stand in front
        "--slurm-no-account", "--slurm-status-command", "squeue", "--slurm-init-seconds-before-status-checks", "3",
        "--slurm-keep-successful-logs", "--jobs", "4", "--latency-wait", "5",
        "--default-resources", "slurm_partition=debug", "mem_mb=1000", "runtime=30", "cpus_per_task=1",
        "--set-resources", "train_teacher:mem_mb=2000", "teacher_logits:mem_mb=2000", "train_student:mem_mb=2000",
        "train_teacher:cpus_per_gpu=1", "teacher_logits:cpus_per_gpu=1", "train_student:cpus_per_gpu=1",
        "prepare_data:mem_mb=1000", "tag_train:mem_mb=1500", "sample_rules:mem_mb=1000",
        "build_transfer_set:mem_mb=1000", "check_logits:mem_mb=1000",
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=1600)


def scores(workdir):
    results = workdir / "results/tiny"
    out = {"teacher": json.loads((results / "teacher/metrics.json").read_text())["test"]}
    for student in ("bilstm", "bilstm_gold"):
        out[student] = json.loads((results / f"{student}/metrics.json").read_text())["test"]
    return out


def test_tiny_workflow_through_slurm_matches_a_local_run(slurm, tiny_run, tmp_path):
    local, cluster = tiny_run["workdir"], tmp_path / "cluster"  # the local run: the session's tiny run
    cluster.mkdir()

    started = time.perf_counter()
    result = slurm_run(cluster, tiny_run["configfile"], slurm["env"], TARGETS)
    if result.returncode != 0:
        logs = "".join(p.read_text()[-2000:] for p in (slurm["state"] / "log").glob("*.log"))
        pytest.fail(f"slurm run failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}\n{logs}")
    print(f"workflow through slurm: {time.perf_counter() - started:.0f} s")

    # Every non-local job went through sbatch: one Slurm log per job, and Slurm knows each job.
    slurm_logs = sorted((cluster / ".snakemake/slurm_logs").rglob("*.log"))
    rules = {p.relative_to(cluster / ".snakemake/slurm_logs").parts[0] for p in slurm_logs}
    assert {"rule_train_teacher", "rule_teacher_logits", "rule_train_student", "rule_prepare_data"} <= rules
    squeue = subprocess.run(["squeue", "-h", "-t", "all", "-o", "%i %j %T"], capture_output=True, text=True,
                            env=slurm["env"], check=True).stdout.split("\n")
    completed = [line for line in squeue if line.endswith("COMPLETED")]
    print(f"{len(slurm_logs)} jobs through sbatch, {len(completed)} completed according to squeue")
    assert len(completed) >= len(slurm_logs) >= 10

    # Same outputs as the local run.
    assert scores(cluster) == scores(local)
    for shard in sorted((local / "results/tiny/logits/rules").glob("shard-*.parquet")):
        there = pd.read_parquet(cluster / shard.relative_to(local)).set_index("id")["logits"]
        here = pd.read_parquet(shard).set_index("id")["logits"]
        assert there.index.equals(here.index)
        assert all((a == b).all() for a, b in zip(there, here))
