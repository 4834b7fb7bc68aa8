# Per-task summary of teacher and students: a table and a bar plot for the report.


localrules:
    summarize_task,


rule summarize_task:
    """Teacher and students side by side: score (mean ± sd over seeds), size, speed."""
    input:
        teacher="results/{task}/teacher/metrics.json",
        students=lambda w: expand("results/{{task}}/{student}/metrics.json", student=config["students"]),
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
