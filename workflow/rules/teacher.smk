# Teacher stage: fine-tune the configured pre-trained model on the task (the seeds' BERT_T).


include: "functions/teacher.smk"


rule train_teacher:
    """Fine-tune; resumes from results/{task}/teacher/resume.pt if a previous run was killed."""
    input:
        model=teacher_model_input,
        train="resources/data/{task}/train.parquet",
        dev="resources/data/{task}/dev.parquet",
        test="resources/data/{task}/test.parquet",
        labels="resources/data/{task}/labels.json",
    output:
        model=protected(directory("results/{task}/teacher/model")),
        metrics="results/{task}/teacher/metrics.json",
        curve="results/{task}/teacher/curve.csv",
    params:
        settings=lambda w: teacher_settings(w.task),
        metric=lambda w: task_config(w.task)["metric"],
        checkpoint="results/{task}/teacher/resume.pt",
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/train_teacher.log",
    benchmark:
        "benchmarks/{task}/train_teacher.tsv"
    threads: 8
    resources:
        gpu=1,
        mem_mb=lambda wildcards, attempt: 16000 * attempt,
        runtime=360,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/train_teacher.py"
