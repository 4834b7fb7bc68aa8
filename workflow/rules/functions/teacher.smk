# Input functions and helpers of teacher.smk; what several stages share is in common.smk.


def teacher_model_input(wildcards):
    """A local teacher folder is an input, so replacing it reruns the teacher."""
    folder = local_model_folder(teacher_settings(wildcards.task)["model"])
    return [folder] if folder else []


def teacher_candidate_settings(task, candidate):
    return checks.teacher_candidates(config, task)[candidate]
