# Per-task summary of teacher and students: a table and a bar plot for the report.


localrules:
    summarize_task,
    summarize_tasks,
    summarize_teacher_candidates,
    summarize_sweeps,
    summarize_transfer_sets,


rule summarize_task:
    """Teacher and students side by side: score (mean ± sd over seeds), size, speed."""
    input:
        teacher="results/{task}/teacher/metrics.json",
        students=lambda w: expand("results/{{task}}/{student}/metrics.json", student=task_students(w.task)),
        speed="results/{task}/deploy.csv",
    output:
        table="results/{task}/summary.csv",
        figure=report(
            "results/figures/{task}-summary.png",
            caption="../report/summary.rst",
            category="Teacher vs students",
        ),
    log:
        "logs/{task}/summarize.log",
    benchmark:
        "benchmarks/{task}/summarize.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/summarize_task.py"


rule summarize_tasks:
    """GLUE-style average over the run's tasks: each model's task scores (GLUE's metrics of a task averaged)
    and their mean."""
    input:
        lambda w: expand("results/{task}/summary.csv", task=summarized_tasks()),
    output:
        "results/tasks.csv",
    log:
        "logs/summarize_tasks.log",
    benchmark:
        "benchmarks/summarize_tasks.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/summarize_tasks.py"


rule summarize_teacher_candidates:
    """The teacher grid: every candidate's dev curve and best dev score, the selected one marked."""
    input:
        teacher="results/{task}/teacher/metrics.json",
        candidates=lambda w: expand(
            "results/{{task}}/teacher/candidates/{candidate}/metrics.json", candidate=GRID_TASKS[w.task]
        ),
        curves=lambda w: expand(
            "results/{{task}}/teacher/candidates/{candidate}/curve.csv", candidate=GRID_TASKS[w.task]
        ),
    output:
        table="results/{task}/teacher/candidates.csv",
        figure=report(
            "results/figures/{task}-teacher-candidates.png",
            caption="../report/teacher_candidates.rst",
            category="Teacher",
        ),
    log:
        "logs/{task}/summarize_teacher_candidates.log",
    benchmark:
        "benchmarks/{task}/summarize_teacher_candidates.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/summarize_teacher_candidates.py"


rule summarize_sweeps:
    """Every sweep point of a task: score against non-embedding parameters."""
    input:
        teacher="results/{task}/teacher/metrics.json",
        students=lambda w: expand(
            "results/{{task}}/{student}/metrics.json",
            student=[name for name in task_students(w.task, sweeps=True) if name not in config["students"]],
        ),
    output:
        table="results/{task}/sweeps.csv",
        figure=report(
            "results/figures/{task}-sweeps.png",
            caption="../report/sweeps.rst",
            category="Student size",
        ),
    log:
        "logs/{task}/summarize_sweeps.log",
    benchmark:
        "benchmarks/{task}/summarize_sweeps.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/summarize_sweeps.py"


rule summarize_transfer_sets:
    """Every configured student's score against the size and kind of its transfer set."""
    input:
        teacher="results/{task}/teacher/metrics.json",
        students=lambda w: expand("results/{{task}}/{student}/metrics.json", student=task_students(w.task)),
    output:
        table="results/{task}/transfer_sets.csv",
        figure=report(
            "results/figures/{task}-transfer-sets.png",
            caption="../report/transfer_sets.rst",
            category="Transfer sets",
        ),
    params:
        transfer_sets=config["transfer_sets"],
    log:
        "logs/{task}/summarize_transfer_sets.log",
    benchmark:
        "benchmarks/{task}/summarize_transfer_sets.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/summarize_transfer_sets.py"
