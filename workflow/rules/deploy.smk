# Deployable models: the teacher and each student (its first seed) as ONNX and int8 graphs that run with
# ONNX Runtime alone, checked against PyTorch on the test split; and every form's speed, the seeds' ways.


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
    """Each model in each form (PyTorch, ONNX, int8; the teacher also in its `auto` precision and the
    BERT-large shape) timed side by side: Tang's batch-512 seconds, Sucik's CPU ms per example at batch
    256, batch-1 latency; with test scores, parameters and size on disk."""
    input:
        teacher="results/{task}/teacher/model",
        teacher_deploy="results/{task}/teacher/deploy",
        students=lambda w: [first_seed_model(w.task, s) for s in task_students(w.task)],
        student_deploys=lambda w: expand("results/{{task}}/{student}/deploy", student=task_students(w.task)),
        test="resources/data/{task}/test.parquet",
    output:
        report("results/{task}/deploy.csv", caption="../report/deploy.rst", category="Deployable students"),
    params:
        names=lambda w: task_students(w.task),
        rows=config["deploy"]["rows"],
        bert_large_rows=config["deploy"]["bert_large_rows"] if config["deploy"]["bert_large"] else 0,
        latency_rows=config["deploy"]["latency_rows"],
        precision=config["deploy"]["precision"],
    priority: DEPLOY_PRIORITY
    log:
        "logs/{task}/measure_deploy.log",
    benchmark:
        "benchmarks/{task}/measure_deploy.tsv"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 8000 * attempt,
        runtime=60,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/measure_deploy.py"
