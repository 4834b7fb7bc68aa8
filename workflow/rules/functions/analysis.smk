# Input functions and helpers of analysis.smk; what several stages share is in common.smk.


def analysed_models(task):
    """The teacher and the task's configured students (sweep points are left out)."""
    return ["teacher", *task_students(task)]


def prediction_model(wildcards):
    """The teacher's folder, or the student's first-seed model.pt."""
    if wildcards.model == "teacher":
        return f"results/{wildcards.task}/teacher/model"
    return first_seed_model(wildcards.task, wildcards.model)
