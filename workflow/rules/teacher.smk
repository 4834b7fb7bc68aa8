# Teacher stage: fine-tune the configured pre-trained model on the task (the seeds' BERT_T). With a grid
# (teacher.lr, epochs, warmup_proportion or batch_size as lists) each combination is a candidate job scored
# on dev, and select_teacher copies the best to results/{task}/teacher/ (only it is scored on test).


include: "functions/teacher.smk"


rule train_teacher:
    """Fine-tune; resumes from results/{task}/teacher/resume.pt if a previous run was killed."""
    wildcard_constraints:
        task=one_of(set(config["tasks"]) - set(GRID_TASKS)),
    input:
        model=teacher_model_input,
        train="resources/data/{task}/train.parquet",
        dev="resources/data/{task}/dev.parquet",
        test="resources/data/{task}/test.parquet",
        extra="resources/data/{task}/extra.parquet",
        labels="resources/data/{task}/labels.json",
    output:
        model=protected(directory("results/{task}/teacher/model")),
        metrics="results/{task}/teacher/metrics.json",
        curve="results/{task}/teacher/curve.csv",
    params:
        settings=lambda w: teacher_settings(w.task),
        metric=lambda w: task_config(w.task)["metric"],
        checkpoint="results/{task}/teacher/resume.pt",
    priority: TEACHER_PRIORITY
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


rule train_teacher_candidate:
    """Fine-tune one candidate of the teacher grid; scored on dev only."""
    wildcard_constraints:
        task=one_of(GRID_TASKS),
        candidate="[^/]+",
    input:
        model=teacher_model_input,
        train="resources/data/{task}/train.parquet",
        dev="resources/data/{task}/dev.parquet",
        labels="resources/data/{task}/labels.json",
    output:
        model=directory("results/{task}/teacher/candidates/{candidate}/model"),
        metrics="results/{task}/teacher/candidates/{candidate}/metrics.json",
        curve="results/{task}/teacher/candidates/{candidate}/curve.csv",
    params:
        settings=lambda w: teacher_candidate_settings(w.task, w.candidate),
        metric=lambda w: task_config(w.task)["metric"],
        checkpoint="results/{task}/teacher/candidates/{candidate}/resume.pt",
    priority: TEACHER_PRIORITY
    log:
        "logs/{task}/teacher/candidates/{candidate}.log",
    benchmark:
        "benchmarks/{task}/teacher/candidates/{candidate}.tsv"
    threads: 8
    resources:
        gpu=1,
        mem_mb=lambda wildcards, attempt: 16000 * attempt,
        runtime=360,
    conda:
        "../../envs/pipeline.yaml"
    script:  # the teacher's own script: a candidate is a teacher without a test split
        "../../scripts/train_teacher.py"


rule select_teacher:
    """The candidate with the best dev score becomes the task's teacher; it alone is scored on test."""
    wildcard_constraints:
        task=one_of(GRID_TASKS),
    input:
        candidates=lambda w: expand(
            "results/{{task}}/teacher/candidates/{candidate}/metrics.json", candidate=GRID_TASKS[w.task]
        ),
        models=lambda w: expand(
            "results/{{task}}/teacher/candidates/{candidate}/model", candidate=GRID_TASKS[w.task]
        ),
        test="resources/data/{task}/test.parquet",
        extra="resources/data/{task}/extra.parquet",
        labels="resources/data/{task}/labels.json",
    output:
        model=protected(directory("results/{task}/teacher/model")),
        metrics="results/{task}/teacher/metrics.json",
        curve="results/{task}/teacher/curve.csv",
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/select_teacher.log",
    benchmark:
        "benchmarks/{task}/select_teacher.tsv"
    threads: 2
    resources:
        mem_mb=8000,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/select_teacher.py"
