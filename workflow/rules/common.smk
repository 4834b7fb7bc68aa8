# Input functions and wildcard constraints shared by the stages.
import json
from pathlib import Path

from bert_distil.hf import local_model_folder

wildcard_constraints:
    task="[a-z0-9_]+",
    filename="[^/]+",


unknown = sorted(set(config["targets"]) - set(config["tasks"]))
if unknown:
    raise ValueError(f"config: targets {unknown} are not defined under `tasks`")


def task_config(task):
    return config["tasks"][task]


def is_remote(url):
    return url.startswith(("http://", "https://", "ftp://", "pip:"))


def raw_files(wildcards):
    """The task's raw files: downloaded ones under resources/raw/{task}/, local ones where they are."""
    files = task_config(wildcards.task)["files"]
    return {
        name: f"resources/raw/{wildcards.task}/{name}" if is_remote(spec["url"]) else spec["url"]
        for name, spec in files.items()
    }


def teacher_settings(task):
    """The `teacher` block with the task's overrides applied."""
    return {**config["teacher"], **task_config(task)["teacher"]}


def teacher_model_input(wildcards):
    """A local teacher folder is an input, so replacing it reruns the teacher."""
    folder = local_model_folder(teacher_settings(wildcards.task)["model"])
    return [folder] if folder else []


def print_results_summary(tasks):
    for task in tasks:
        path = Path(f"results/{task}/teacher/metrics.json")
        if path.exists():
            metrics = json.loads(path.read_text())
            split = "test" if metrics["test"] else "dev"
            print(f"{task}: teacher {metrics['metric']} on {split} = {metrics[split][metrics['metric']]:.2f}"
                  f"  ({path})")
    print(f"Results are under {Path('results').resolve()}/")
