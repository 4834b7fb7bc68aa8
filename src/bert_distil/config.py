"""Config beyond what the schema can say: the students that sweeps generate, a student's or the teacher's
settings on a task (overrides applied), and every cross-field check, run by the workflow when it builds
the DAG, before any job: a problem is reported with the config path of each field involved.

The schema (workflow/schemas/config.schema.yaml) checks each field on its own; this module checks how
fields fit together: names that must be defined elsewhere in the config, overrides that must keep a
student the same kind of student, and settings that exclude each other.
"""
from __future__ import annotations

import itertools
import pandas as pd
from snakemake.utils import Paramspace


# Names whose task type the DAG must know before any data is parsed (kept light: importing the metric and
# loss registries would import torch into every `snakemake` call; tests/test_registries.py checks these lists
# against the registries).
REGRESSION_SOURCES = ("glue-stsb", "vader-scores-tweets", "vader-scores-amazon", "vader-scores-nyt",
                      "vader-scores-rt")  # every other source gives class labels
PAIR_SOURCES = ("glue-mrpc", "glue-qqp", "glue-mnli", "glue-qnli", "glue-rte", "glue-wnli", "glue-stsb",
                "wiki-next")  # sources whose rows are sentence pairs
REGRESSION_METRICS = ("pearson", "spearman")
REGRESSION_LOSSES = ("mse", "mse_gold")  # a score has no classes to soften (kl), pick (hard) or look up (ce_gold)
GOLD_LOSSES = ("ce_gold", "mse_gold")  # train on the training split's gold labels, read no teacher


def source_task_type(source: str) -> str:
    return "regression" if source in REGRESSION_SOURCES else "classification"


def source_is_pair(source: str) -> bool:
    return source in PAIR_SOURCES


def task_type_problems(config: dict, students: dict[str, dict]) -> list[str]:
    """A task's metric and its students' losses must fit the task type its source gives."""
    problems = []
    for task, spec in config["tasks"].items():
        task_type = source_task_type(spec["source"])
        if (spec["metric"] in REGRESSION_METRICS) != (task_type == "regression"):
            problems.append(f"tasks.{task}.metric: {spec['metric']!r} does not score a {task_type} task "
                            f"(source {spec['source']!r}); regression metrics: {list(REGRESSION_METRICS)}")
        for name in task_students(config, students, task):
            loss = student_entry(config, students, task, name)["loss"]
            if task_type == "regression" and loss not in REGRESSION_LOSSES:
                problems.append(f"students.{name} (task {task}): loss {loss!r} needs classes, but task {task} "
                                f"is a regression task; use one of {list(REGRESSION_LOSSES)}")
            if task_type == "classification" and loss == "mse_gold":
                problems.append(f"students.{name} (task {task}): loss 'mse_gold' fits gold scores, but task {task} "
                                f"is a classification task; use ce_gold")
    return problems


def transfer_components(config: dict, transfer: str) -> list[str]:
    """The components of a transfer set, through the base sets of a variant."""
    seen = []
    while transfer in config["transfer_sets"] and transfer not in seen:
        seen.append(transfer)
        spec = config["transfer_sets"][transfer]
        if "components" in spec:
            return spec["components"]
        transfer = spec["base"]
    return []


def text_component_problems(config: dict, students: dict[str, dict]) -> list[str]:
    """A `kind: text` component holds single sentences: a pair task's students cannot read it."""
    problems = []
    for task, spec in config["tasks"].items():
        if not source_is_pair(spec["source"]):
            continue
        for name in task_students(config, students, task):
            entry = student_entry(config, students, task, name)
            if entry["loss"] in GOLD_LOSSES:
                continue
            for part in transfer_components(config, entry["transfer"]):
                if config["augmentation"].get(part, {}).get("kind") == "text":
                    problems.append(f"students.{name} (task {task}): transfer set {entry['transfer']!r} includes "
                                    f"augmentation {part!r} (kind: text), which holds single sentences, but task "
                                    f"{task} is a sentence-pair task")
    return problems


class ConfigError(ValueError):
    """The config's fields do not fit together; the message lists every problem, one per line."""


def fail_on(problems: list[str]) -> None:
    if problems:
        raise ConfigError("config:\n  " + "\n  ".join(problems))


# what a sweep point or a task's override may not change: it stays the same kind of student
FIXED_FIELDS = ("arch", "transfer", "loss", "seeds")


def override_problems(where: str, base: dict, overrides: dict) -> list[str]:
    """Problems with fields that override a student entry (a sweep's grid row, a task's student overrides)."""
    problems = []
    for field, value in overrides.items():
        if field in FIXED_FIELDS or field not in base:
            problems.append(f"{where}: {field!r} cannot be overridden")
        elif base[field] is not None and value is not None and type(value) is not type(base[field]) and not (
                isinstance(value, int) and isinstance(base[field], float)):
            problems.append(f"{where}: {field}={value!r} should be of the same type as {base[field]!r}")
    return problems


def check_sweeps(students: dict, sweeps: dict) -> list[str]:
    """Problems with the `sweeps` config block, one message per problem (empty when fine)."""
    problems = []
    for name, spec in sweeps.items():
        base = students.get(spec["student"])
        if base is None:
            problems.append(f"sweeps.{name}: student {spec['student']!r} is not defined under `students`")
            continue
        keys = set(spec["grid"][0])
        for row_number, row in enumerate(spec["grid"], start=1):
            where = f"sweeps.{name}.grid row {row_number}"
            if set(row) != keys:
                problems.append(f"{where}: fields {sorted(row)} differ from row 1's {sorted(keys)}")
            problems += override_problems(where, base, row)
    return problems


def sweep_students(students: dict, sweeps: dict) -> dict[str, dict]:
    """The student entries that the sweeps generate, by name."""
    out = {}
    for name, spec in sweeps.items():
        base = students[spec["student"]]
        space = Paramspace(pd.DataFrame(spec["grid"]), filename_params="*")
        for pattern, row in zip(space.instance_patterns, spec["grid"]):
            out[f"{name}/{pattern}"] = {**base, **row, "seeds": spec.get("seeds") or base["seeds"]}
    return out


def all_students(config: dict) -> dict[str, dict]:
    """The configured students and the sweep points (names and entries); the sweeps are checked first."""
    fail_on(check_sweeps(config["students"], config["sweeps"]))
    return {**config["students"], **sweep_students(config["students"], config["sweeps"])}


def task_students(config: dict, students: dict[str, dict], task: str) -> list[str]:
    """The students (and sweep points) trained on `task`: `tasks.<task>.run_students`, or all of them. A sweep
    point runs where its sweep's student runs."""
    chosen = config["tasks"][task].get("run_students")
    if chosen is None:
        return list(students)
    bases = {f"{sweep}/": spec["student"] for sweep, spec in config.get("sweeps", {}).items()}
    return [name for name in students if name in chosen or any(
        name.startswith(prefix) and base in chosen for prefix, base in bases.items())]


def gold_baseline(config: dict, students: dict[str, dict], task: str, student: str) -> str | None:
    """The gold-label student a distilled `student` is compared with on `task` (the distillation guard): a
    configured gold-label student trained there, of the same architecture if there is one; None for a
    gold-label student itself or when the task trains none."""
    if student_entry(config, students, task, student)["loss"] in GOLD_LOSSES:
        return None
    gold = [name for name in task_students(config, students, task) if name in config["students"]
            and student_entry(config, students, task, name)["loss"] in GOLD_LOSSES]
    arch = student_entry(config, students, task, student)["arch"]
    same_arch = [name for name in gold if student_entry(config, students, task, name)["arch"] == arch]
    return (same_arch or gold or [None])[0]


def student_entry(config: dict, students: dict[str, dict], task: str, student: str) -> dict:
    """A student's entry on a task: its entry with the task's overrides (tasks.<task>.students)."""
    return {**students[student], **config["tasks"][task]["students"].get(student, {})}


def teacher_settings(config: dict, task: str) -> dict:
    """The `teacher` block with the task's overrides (tasks.<task>.teacher) applied."""
    return {**config["teacher"], **config["tasks"][task]["teacher"]}


# teacher fields that may be a list: the DAG fine-tunes one candidate per combination, the best on dev wins
TEACHER_GRID_FIELDS = ("lr", "epochs", "warmup_proportion", "batch_size")


def teacher_candidates(config: dict, task: str) -> dict[str, dict]:
    """The teacher's candidates on `task` by name ({field}~{value} of each listed field, joined by `_`, in
    the order of TEACHER_GRID_FIELDS), each with scalar settings; {} when no field is a list (the one
    teacher is trained directly)."""
    settings = teacher_settings(config, task)
    listed = [f for f in TEACHER_GRID_FIELDS if isinstance(settings.get(f), list)]
    if not listed:
        return {}
    combinations = itertools.product(*(settings[f] for f in listed))  # the values keep their types
    # named like a Paramspace instance (snakemake.utils), as the students' sweep points are
    return {"_".join(f"{f}~{v}" for f, v in zip(listed, values)): {**settings, **dict(zip(listed, values))}
            for values in combinations}


def teacher_grid_problems(config: dict, task: str) -> list[str]:
    settings = teacher_settings(config, task)
    return [f"task {task}: teacher.{f} lists {settings[f]!r} twice over; each candidate must differ"
            for f in TEACHER_GRID_FIELDS if isinstance(settings.get(f), list) and len(set(settings[f])) < len(settings[f])]


def warmup_problems(block: str, task: str, settings: dict) -> list[str]:
    """Warm-up is given as a proportion of the steps or in epochs, never both (`block`: where in the config)."""
    if settings.get("warmup_epochs") is not None and settings.get("warmup_proportion") is not None:
        return [f"task {task}: {block}.warmup_epochs ({settings['warmup_epochs']}) and {block}.warmup_proportion "
                f"({settings['warmup_proportion']}) are both set; warm-up is given one way: set "
                f"{block}.warmup_proportion: null to warm up for {block}.warmup_epochs"]
    return []


def check_config(config: dict, students: dict[str, dict]) -> list[str]:
    """Every cross-field problem of a (schema-valid) config whose students are `students`, one message each."""
    problems = [f"targets: {t!r} is not defined under `tasks`" for t in config["targets"] if t not in config["tasks"]]
    for name, spec in config["transfer_sets"].items():
        for part in spec.get("components", []):
            if part != "train" and part not in config["augmentation"]:
                problems.append(f"transfer_sets.{name}: component {part!r} is neither `train` nor under `augmentation`")
        if "base" in spec and spec["base"] not in config["transfer_sets"]:
            problems.append(f"transfer_sets.{name}: base {spec['base']!r} is not defined under `transfer_sets`")
        if "base" in spec and spec["base"] == name:
            problems.append(f"transfer_sets.{name}: a set cannot be a variant of itself")
        if (spec.get("variant") == "frac") != ("fraction" in spec):
            problems.append(f"transfer_sets.{name}: `fraction` goes with `variant: frac`, and only with it")
    for task, spec in config["tasks"].items():
        problems += [f"tasks.{task}.run_students: {name!r} is not defined under `students`"
                     for name in spec.get("run_students") or [] if name not in config["students"]]
        for name, overrides in spec["students"].items():
            if name not in students:
                problems.append(f"tasks.{task}.students: {name!r} is not defined under `students`")
            else:
                problems += override_problems(f"tasks.{task}.students.{name}", students[name], overrides)
    for name, task in [(name, task) for task in config["tasks"] for name in task_students(config, students, task)]:
        entry, where = student_entry(config, students, task, name), f"students.{name} (task {task})"
        if entry["loss"] not in GOLD_LOSSES and entry["transfer"] not in config["transfer_sets"]:
            problems.append(f"{where}: transfer set {entry['transfer']!r} is not defined under `transfer_sets`")
        if entry["embeddings"] == "word_vectors" and entry.get("word_vectors") not in config["word_vectors"]:
            problems.append(f"{where}: word_vectors {entry.get('word_vectors')!r} is not defined under `word_vectors`")
        if entry["arch"] == "bert" and entry["hidden"] % entry["heads"]:
            problems.append(f"{where}: hidden {entry['hidden']} is not a multiple of heads {entry['heads']}")
        problems += warmup_problems(f"students.{name}", task, entry)
    for task in config["tasks"]:
        settings = teacher_settings(config, task)
        problems += warmup_problems("teacher", task, settings)
        problems += teacher_grid_problems(config, task)
    problems += task_type_problems(config, students)
    problems += text_component_problems(config, students)
    for name in config["probing"]["models"]:
        if name != "teacher" and name not in students:
            problems.append(f"probing.models: {name!r} is neither `teacher` nor a student under `students`")
    return problems
