# Prediction analysis: every model's predictions on dev and test, and what the teacher and the students
# get wrong (tables and figures for the report).


include: "functions/analysis.smk"


localrules:
    analyze_predictions,
    analyze_scores,


rule predict:
    """Predictions of the teacher or a student (its first seed's model, as exported) on dev and test."""
    input:
        model=prediction_model,
        dev="resources/data/{task}/dev.parquet",
        test="resources/data/{task}/test.parquet",
        labels="resources/data/{task}/labels.json",
    output:
        dev="results/{task}/{model}/predictions/dev.parquet",
        test="results/{task}/{model}/predictions/test.parquet",
    params:
        teacher_max_length=lambda w: teacher_settings(w.task)["max_length"],
    log:
        "logs/{task}/{model}/predict.log",
    benchmark:
        "benchmarks/{task}/{model}/predict.tsv"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 8000 * attempt,
        runtime=60,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/predict.py"


rule analyze_predictions:
    """Confident mistakes, teacher-vs-student overlap, agreement, confidence (test split, dev if unlabelled)."""
    input:
        test=lambda w: expand("results/{{task}}/{model}/predictions/test.parquet", model=analysed_models(w.task)),
        dev=lambda w: expand("results/{{task}}/{model}/predictions/dev.parquet", model=analysed_models(w.task)),
        labels="resources/data/{task}/labels.json",
    output:
        mistakes=report(
            "results/{task}/analysis/mistakes.csv",
            caption="../report/mistakes.rst",
            category="Predictions",
        ),
        disagreements="results/{task}/analysis/disagreements.csv",
        overlap="results/{task}/analysis/overlap.csv",
        agreement="results/{task}/analysis/agreement.csv",
        confidence="results/{task}/analysis/confidence.csv",
        confidence_figure=report(
            "results/figures/{task}-confidence.png",
            caption="../report/confidence.rst",
            category="Predictions",
        ),
        agreement_figure=report(
            "results/figures/{task}-agreement.png",
            caption="../report/agreement.rst",
            category="Predictions",
        ),
        overlap_figure=report(
            "results/figures/{task}-mistake-overlap.png",
            caption="../report/overlap.rst",
            category="Predictions",
        ),
    params:
        models=lambda w: analysed_models(w.task),
        examples=10,
    log:
        "logs/{task}/analyze_predictions.log",
    benchmark:
        "benchmarks/{task}/analyze_predictions.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/analyze_predictions.py"


rule analyze_scores:
    """A regression task's errors: against gold and the teacher, largest errors, scatter plots, error spread."""
    input:
        test=lambda w: expand("results/{{task}}/{model}/predictions/test.parquet", model=analysed_models(w.task)),
        dev=lambda w: expand("results/{{task}}/{model}/predictions/dev.parquet", model=analysed_models(w.task)),
        labels="resources/data/{task}/labels.json",
    output:
        summary="results/{task}/analysis/score_errors.csv",
        errors=report(
            "results/{task}/analysis/largest_errors.csv",
            caption="../report/largest_errors.rst",
            category="Predictions",
        ),
        scatter_figure=report(
            "results/figures/{task}-scores.png",
            caption="../report/scores.rst",
            category="Predictions",
        ),
        errors_figure=report(
            "results/figures/{task}-score-errors.png",
            caption="../report/score_errors.rst",
            category="Predictions",
        ),
    params:
        models=lambda w: analysed_models(w.task),
        examples=10,
    log:
        "logs/{task}/analyze_scores.log",
    benchmark:
        "benchmarks/{task}/analyze_scores.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/analyze_scores.py"
