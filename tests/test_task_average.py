"""The GLUE-style average over tasks, on hand-written summary rows: each task's score averages the metrics
GLUE reports for it (F1 with accuracy, Pearson with Spearman, MNLI matched with mismatched, MCC alone)."""
import pandas as pd
import pytest

from bert_distil.reports.task_average import task_average, task_score


def summary(metric, rows, **columns):
    return pd.DataFrame({"model": [r[0] for r in rows], "split": "dev", metric: [r[1] for r in rows],
                         "sd": 0.0, **columns})


def test_task_scores_follow_glue():
    mrpc = summary("f1", [("teacher", 90.0)], accuracy=[86.0], dev_f1=[90.0])
    assert task_score(mrpc.iloc[0], "f1") == pytest.approx(88.0)
    sts = summary("pearson", [("teacher", 88.0)], spearman=[87.0], dev_pearson=[88.0])
    assert task_score(sts.iloc[0], "pearson") == pytest.approx(87.5)
    mnli = summary("accuracy", [("teacher", 84.0)], accuracy_dev_mismatched=[83.0], dev_accuracy=[84.0])
    assert task_score(mnli.iloc[0], "accuracy") == pytest.approx(83.5)
    cola = summary("mcc", [("teacher", 55.0)], accuracy=[82.0], dev_mcc=[55.0])  # GLUE: CoLA is MCC only
    assert task_score(cola.iloc[0], "mcc") == pytest.approx(55.0)


def test_average_over_the_tasks_a_model_ran_on():
    table = task_average({
        "mrpc": summary("f1", [("teacher", 90.0), ("bilstm", 80.0)], accuracy=[86.0, 72.0]),
        "sst2": summary("accuracy", [("teacher", 93.0), ("bilstm", 90.0), ("bert_small", 88.0)]),
    }).set_index("model")
    assert table.loc["teacher", "average"] == pytest.approx((88.0 + 93.0) / 2)
    assert table.loc["bilstm", "average"] == pytest.approx((76.0 + 90.0) / 2) and table.loc["bilstm", "tasks"] == 2
    assert table.loc["bert_small", "tasks"] == 1 and pd.isna(table.loc["bert_small", "mrpc"])
    assert table.loc["bert_small", "average"] == pytest.approx(88.0)
