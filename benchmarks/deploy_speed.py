"""Every deployable form of a task's teacher and students, timed the seeds' three ways in one process, side
by side (the workflow times each model in its own `measure_deploy` job and `summarize_deploy` writes the
table to results/{task}/deploy.csv; here all in one run, on as many threads and rows as asked): Tang's batch-512 seconds, Sučík's CPU ms per example at batch 256, batch-1 latency p50/p95; with
test scores, parameters and size on disk. Needs a finished run's deploy folders (`make run`).

    .venv/bin/python benchmarks/deploy_speed.py [--task rt] [--students bilstm bert_small] [--threads 1]
"""
import argparse
from pathlib import Path

import pandas as pd
import torch

from _machine import AUTO, machine_line
from bert_distil.deploy.speed import deploy_table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="rt")
    parser.add_argument("--students", nargs="+", default=["bilstm", "bert_small", "bilstm_gold"])
    parser.add_argument("--seed", type=int, default=1, help="the exported seed (the first of each student)")
    parser.add_argument("--rows", type=int, default=512)
    parser.add_argument("--bert-large-rows", type=int, default=64, help="0: leave the BERT-large shape out")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(machine_line())
    results = Path("results") / args.task
    test = pd.read_parquet(f"resources/data/{args.task}/test.parquet")
    second = test["sentence2"].tolist() if "sentence2" in test else None
    students = {name: (str(results / name / f"seed-{args.seed}/model.pt"), str(results / name / "deploy"))
                for name in args.students}
    table = deploy_table(results / "teacher/model", results / "teacher/deploy", students,
                         test["sentence"].tolist(), second, rows=args.rows, bert_large_rows=args.bert_large_rows,
                         auto_precision=AUTO)
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
