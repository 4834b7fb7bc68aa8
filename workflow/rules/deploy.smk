# Deployable models: the teacher and each student (its first seed) as ONNX and int8 graphs that run with
# ONNX Runtime alone, checked against PyTorch on the test split; and every form's speed, the seeds' ways.


include: "functions/deploy.smk"


rule export_onnx:
    """ONNX and int8 graphs of one model, its vocabulary or tokenizer and label names, checked against
    PyTorch on test (dev where test is unlabelled)."""
    input:
        model=prediction_model,
        dev="resources/data/{task}/dev.parquet",
        test="resources/data/{task}/test.parquet",
        labels="resources/data/{task}/labels.json",
    output:
        directory("results/{task}/{model}/deploy"),
    params:
        metric=lambda w: task_config(w.task)["metric"],
        teacher_max_length=lambda w: teacher_settings(w.task)["max_length"],
    priority: DEPLOY_PRIORITY
    log:
        "logs/{task}/{model}/export_onnx.log",
    benchmark:
        "benchmarks/{task}/{model}/export_onnx.tsv"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 6000 * attempt,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/export_onnx.py"


rule measure_deploy:
    """One model's forms timed side by side (PyTorch, ONNX, int8; the teacher also in its `auto`
    precision; or the BERT-large shape): Tang's batch-512 seconds, Sucik's CPU ms per example at batch
    256, batch-1 latency; with test scores, parameters and size on disk. One job per model, so each is
    timed as soon as it is exported (one job for all waited for the last student: ~4 min at the run's end)."""
    input:
        unpack(timed_model),
        test="resources/data/{task}/test.parquet",
    output:
        "results/{task}/speed/{timed}.csv",
    params:
        rows=lambda w: config["deploy"]["bert_large_rows"] if w.timed == BERT_LARGE else config["deploy"]["rows"],
        latency_rows=config["deploy"]["latency_rows"],
        precision=config["deploy"]["precision"],
    priority: DEPLOY_PRIORITY
    log:
        "logs/{task}/speed/{timed}.log",
    benchmark:
        "benchmarks/{task}/speed/{timed}.tsv"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 8000 * attempt,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/measure_deploy.py"


rule summarize_deploy:
    """The deploy table: every timed model's rows, with speed-ups over the teacher and the BERT-large shape."""
    input:
        lambda w: expand("results/{{task}}/speed/{timed}.csv", timed=timed_models(w.task)),
    output:
        report("results/{task}/deploy.csv", caption="../report/deploy.rst", category="Deployable students"),
    log:
        "logs/{task}/summarize_deploy.log",
    benchmark:
        "benchmarks/{task}/summarize_deploy.tsv"
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/summarize_deploy.py"
