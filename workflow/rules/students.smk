# Students: one training job per (task, student, seed); metrics.json aggregates the seeds.


include: "functions/students.smk"


localrules:
    aggregate_student,
    export_student,


rule train_student:
    """Train one student with one seed; resumes from its checkpoint if a previous run was killed."""
    input:
        unpack(student_inputs),
        train="resources/data/{task}/train.parquet",
        dev="resources/data/{task}/dev.parquet",
        test="resources/data/{task}/test.parquet",
        extra="resources/data/{task}/extra.parquet",
        labels="resources/data/{task}/labels.json",
    output:
        model="results/{task}/{student}/seed-{seed}/model.pt",
        metrics="results/{task}/{student}/seed-{seed}/metrics.json",
        curve="results/{task}/{student}/seed-{seed}/curve.csv",
    params:
        entry=lambda w: seed_job_entry(w.task, w.student),
        metric=lambda w: task_config(w.task)["metric"],
        word_vectors={
            name: {**spec, "source": word_vectors_path(name)} for name, spec in config["word_vectors"].items()
        },
        checkpoint="results/{task}/{student}/seed-{seed}/resume.pt",
    priority: student_priority
    log:
        "logs/{task}/{student}/seed-{seed}/train.log",
    benchmark:
        "benchmarks/{task}/{student}/seed-{seed}/train.tsv"
    threads: student_threads
    resources:
        gpu=1,
        mem_mb=lambda wildcards, attempt: 16000 * attempt,
        runtime=720,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/train_student.py"


rule aggregate_student:
    """Mean and standard deviation over the student's seeds; a distilled student also records its teacher's
    dev margin over the gold-label baseline (the distillation guard)."""
    input:
        unpack(aggregate_inputs),
    output:
        "results/{task}/{student}/metrics.json",
    log:
        "logs/{task}/{student}/aggregate.log",
    benchmark:
        "benchmarks/{task}/{student}/aggregate.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/aggregate_student.py"


rule export_student:
    """A BERT student as a Hugging Face folder: AutoModelForSequenceClassification.from_pretrained(...)."""
    input:
        "results/{task}/{student}/seed-{seed}/model.pt",
    output:
        directory("results/{task}/{student}/seed-{seed}/hf"),
    log:
        "logs/{task}/{student}/seed-{seed}/export.log",
    benchmark:
        "benchmarks/{task}/{student}/seed-{seed}/export.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/export_student.py"
