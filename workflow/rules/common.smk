# What several stages share: the students, wildcard constraints, the config lookups every stage makes,
# and the targets of `rule all`. A helper that serves one stage lives in that stage's file. Cross-field
# config checks are in bert_distil.config and run here, when the DAG is built, before any job.
import csv
import re
import sys
from pathlib import Path

from bert_distil import config as checks
from bert_distil.assets import PACKAGE_PREFIX, local_model_folder, package_path
from bert_distil.deploy import BERT_LARGE


def one_of(names):
    """A wildcard constraint matching exactly these names (nothing if there are none)."""
    return "|".join(re.escape(n) for n in sorted(names)) or "(?!)"


STUDENTS = checks.all_students(config)  # the configured students and the sweep points
# Scheduling: the teacher's logits gate every distilled student, so the jobs on the way to them (teacher,
# transfer set, LM, scoring) go first. Without this, on a few cores Snakemake fills every core with
# one-thread jobs that are ready early and starts the multi-thread teacher and LM jobs last, after probing,
# delaying the whole run by minutes. Snakemake's scheduler adds up the priorities of the jobs it starts
# together, so one two-thread job must outweigh two one-thread students (with 10 vs 5 it did not: the LM
# still waited for the gold students). Then the students, long jobs, and what reads a trained model
# (predictions, probing, exports, the deploy measurement) last: putting those before the remaining students
# left three BiLSTMs for the end of the run (30:17 instead of 28:10 on an AVX2-held EPYC).
# The teacher is the longest job on that path (13 of the default's 32 minutes on an AVX2-only EPYC; the LM
# and the rule-based samples ~5 together): it outranks the others, even two at once, so it starts as soon as
# the data is split (it waited 30 s for spaCy's tagging while the LM conversion had the other core).
LOGITS_PATH_PRIORITY = 100
TEACHER_PRIORITY = 2 * LOGITS_PATH_PRIORITY + 1
STUDENT_PRIORITY = 10
# Of what reads a trained model, the exports and the deploy timings go before predictions and probes: the
# last student's export and timing end the run (when one job timed every model, the teacher's export
# waited behind its probes, and the timing started 96 s after the last student had finished).
DEPLOY_PRIORITY = 1
# tasks whose teacher is chosen on dev from a grid (teacher fields given as lists), with their candidates
GRID_TASKS = {task: list(grid) for task in config["tasks"] if (grid := checks.teacher_candidates(config, task))}
PROBING = config["probing"]
PROBE_TASKS = PROBING["tasks"]
# encoders: the pre-trained teacher and, for every target task, its fine-tuned teacher and students
# Probing stays single-sentence: a sentence-pair task's models are not probed (said once, at DAG build).
PROBED_TASKS = [  # (an undefined target is reported by the config checks below)
    t for t in config["targets"] if t in config["tasks"] and not checks.source_is_pair(config["tasks"][t]["source"])
]
if PROBING["tasks"] and len(PROBED_TASKS) < len(config["targets"]):
    print(f"probing: skipping the sentence-pair task(s) {sorted(set(config['targets']) - set(PROBED_TASKS))} "
          "(probing tasks are single sentences)", file=sys.stderr)
PROBED = (["pretrained"] if PROBING["pretrained"] else []) + [
    f"{task}-{name}"
    for task in PROBED_TASKS
    for name in PROBING["models"]
    if name == "teacher" or name in checks.task_students(config, STUDENTS, task)
]


wildcard_constraints:
    task="[a-z0-9_]+",
    filename="[^/]+",
    seed="[0-9]+",
    scatteritem="[0-9]+-of-[0-9]+",
    student=one_of(STUDENTS),
    transfer=one_of(config["transfer_sets"]),
    augmentation=one_of(config["augmentation"]),
    gguf="[^/]+",
    tagger="spacy|nltk",
    model=one_of(["teacher", *STUDENTS]),
    timed=one_of(["teacher", BERT_LARGE, *STUDENTS]),
    probe_task=one_of(PROBE_TASKS),
    encoder=one_of(PROBED),


checks.fail_on(checks.check_config(config, STUDENTS))


def task_config(task):
    return config["tasks"][task]


def student_entry(task, student):
    """A student's entry on a task: its config entry with the task's overrides (tasks.<task>.students)."""
    return checks.student_entry(config, STUDENTS, task, student)


def teacher_settings(task):
    """The `teacher` block with the task's overrides applied."""
    return checks.teacher_settings(config, task)


def local_file(spec):
    """A file given in config as a local path or as `package:<module>/<path>` inside an installed package."""
    return str(package_path(spec)) if spec.startswith(PACKAGE_PREFIX) else spec


def is_remote(url):
    return url.startswith(("http://", "https://", "ftp://", "pip:"))


def shard_index(scatteritem):
    """0-based shard number of a scatter item such as "2-of-4"."""
    return int(scatteritem.split("-of-")[0]) - 1


def augmentations_of_kind(kind):
    return [name for name, spec in config["augmentation"].items() if spec["kind"] == kind]


def task_students(task, sweeps=False):
    """The students trained on `task` (tasks.<task>.run_students, or all); sweep points only if `sweeps`."""
    names = checks.task_students(config, STUDENTS, task)
    return names if sweeps else [name for name in names if name in config["students"]]


def first_seed_model(task, student):
    """The model of a student's first seed: the one that is predicted with, probed and exported."""
    return f"results/{task}/{student}/seed-{student_entry(task, student)['seeds'][0]}/model.pt"


def task_targets(task):
    """Everything `rule all` builds for a task."""
    targets = [f"results/{task}/teacher/metrics.json"]
    if task in GRID_TASKS:
        targets += [f"results/{task}/teacher/candidates.csv", f"results/figures/{task}-teacher-candidates.png"]
    if task_students(task):
        targets += expand("results/{task}/{student}/metrics.json", task=task, student=task_students(task))
        targets += [  # BERT students also as Hugging Face folders (the first seed's model)
            f"results/{task}/{name}/seed-{config['students'][name]['seeds'][0]}/hf"
            for name in task_students(task)
            if config["students"][name]["arch"] == "bert"
        ]
        targets += [f"results/{task}/summary.csv", f"results/figures/{task}-summary.png"]
        targets += [f"results/{task}/deploy.csv"]  # ONNX and int8 forms, timed the seeds' ways
        targets += [f"results/{task}/transfer_sets.csv", f"results/figures/{task}-transfer-sets.png"]
        if checks.source_task_type(task_config(task)["source"]) == "regression":
            targets += [f"results/{task}/analysis/score_errors.csv", f"results/figures/{task}-scores.png"]
        else:
            targets += [f"results/{task}/analysis/mistakes.csv", f"results/figures/{task}-confidence.png"]
    if config["sweeps"]:
        targets += [f"results/{task}/sweeps.csv", f"results/figures/{task}-sweeps.png"]
    return targets


def summarized_tasks():
    """The run's tasks that have students: each has a summary table; two or more get a GLUE-style average."""
    return [task for task in config["targets"] if task_students(task)]


def average_targets():
    return ["results/tasks.csv"] if len(summarized_tasks()) > 1 else []


def print_results_summary(tasks):
    for task in tasks:
        summary = Path(f"results/{task}/summary.csv")
        if summary.exists():
            print(f"{task}: {summary}\n{summary.read_text()}")
            with summary.open() as rows:  # the distillation guard's line, where a user cannot miss it
                for row in csv.DictReader(rows):
                    if row.get("note"):
                        print(row["note"])
    if average_targets() and Path("results/tasks.csv").exists():  # not a stale table of another run
        print(f"GLUE-style average over the tasks: results/tasks.csv\n{Path('results/tasks.csv').read_text()}")
    print(f"Results are under {Path('results').resolve()}/")
