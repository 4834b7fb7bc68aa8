# Input functions of deploy.smk; what several stages share is in common.smk.


def timed_models(task):
    """The models of a task's deploy table: the teacher, the BERT-large shape (unless switched off), and
    each configured student."""
    return ["teacher", *([BERT_LARGE] if config["deploy"]["bert_large"] else []), *task_students(task)]


def timed_model(wildcards):
    """What one timing job reads: the model (the BERT-large shape reads the teacher's tokenizer and label
    count) and, for the teacher and the students, the deploy folder with its ONNX and int8 graphs."""
    task, name = wildcards.task, wildcards.timed
    if name == BERT_LARGE:
        return {"model": f"results/{task}/teacher/model"}
    model = f"results/{task}/teacher/model" if name == "teacher" else first_seed_model(task, name)
    return {"model": model, "deploy": f"results/{task}/{name}/deploy"}
