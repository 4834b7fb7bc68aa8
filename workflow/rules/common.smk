# Input functions and wildcard constraints shared by the stages.
import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from bert_distil.hf import is_gguf, local_model_folder
from bert_distil.probing.senteval import SENTEVAL_URL
from bert_distil.sweeps import check_sweeps, override_problems, sweep_students

def one_of(names):
    """A wildcard constraint matching exactly these names (nothing if there are none)."""
    return "|".join(re.escape(n) for n in sorted(names)) or "(?!)"


def all_students():
    """The configured students and the sweep points (names and entries); sweeps are checked first."""
    problems = check_sweeps(config["students"], config["sweeps"])
    if problems:
        raise ValueError("config:\n  " + "\n  ".join(problems))
    return {**config["students"], **sweep_students(config["students"], config["sweeps"])}


STUDENTS = all_students()
PROBING = config["probing"]
PROBE_TASKS = PROBING["tasks"]
# encoders: the pre-trained teacher and, for every target task, its fine-tuned teacher and students
PROBED = (["pretrained"] if PROBING["pretrained"] else []) + [
    f"{task}-{name}" for task in config["targets"] for name in PROBING["models"]
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
    probe_task=one_of(PROBE_TASKS),
    encoder=one_of(PROBED),


def task_config(task):
    return config["tasks"][task]


def student_entry(task, student):
    """A student's entry on a task: its config entry with the task's overrides (tasks.<task>.students)."""
    return {**STUDENTS[student], **task_config(task)["students"].get(student, {})}


def check_references():
    """Names that config entries use must be defined: fail before anything runs, naming the entry."""
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
        for name, overrides in spec["students"].items():
            if name not in STUDENTS:
                problems.append(f"tasks.{task}.students: {name!r} is not defined under `students`")
            else:
                problems += override_problems(f"tasks.{task}.students.{name}", STUDENTS[name], overrides)
    for name, task in [(name, task) for name in STUDENTS for task in config["tasks"]]:
        entry, where = student_entry(task, name), f"students.{name} (task {task})"
        if entry["loss"] != "ce_gold" and entry["transfer"] not in config["transfer_sets"]:
            problems.append(f"{where}: transfer set {entry['transfer']!r} is not defined under `transfer_sets`")
        if entry["embeddings"] == "word_vectors" and entry.get("word_vectors") not in config["word_vectors"]:
            problems.append(f"{where}: word_vectors {entry.get('word_vectors')!r} is not defined under `word_vectors`")
        if entry["arch"] == "bert" and entry["hidden"] % entry["heads"]:
            problems.append(f"{where}: hidden {entry['hidden']} is not a multiple of heads {entry['heads']}")
    for name in config["probing"]["models"]:
        if name != "teacher" and name not in STUDENTS:
            problems.append(f"probing.models: {name!r} is neither `teacher` nor a student under `students`")
    if problems:
        raise ValueError("config:\n  " + "\n  ".join(problems))


check_references()


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


def shard_index(scatteritem):
    """0-based shard number of a scatter item such as "2-of-4"."""
    return int(scatteritem.split("-of-")[0]) - 1


def augmentations_of_kind(kind):
    return [name for name, spec in config["augmentation"].items() if spec["kind"] == kind]


def composed_transfer_sets():
    return [name for name, spec in config["transfer_sets"].items() if "components" in spec]


def derived_transfer_sets():
    return [name for name, spec in config["transfer_sets"].items() if "base" in spec]


def lm_base():
    """The LM that is fine-tuned (or sampled from): a GGUF file is converted once to resources/lm/<name>/."""
    spec = config["lm"]["model"]
    return f"resources/lm/{Path(spec).stem}" if is_gguf(spec) else spec


def lm_base_input(wildcards):
    """The base LM's folder when it is a file target or a local folder (so replacing it reruns)."""
    if is_gguf(config["lm"]["model"]):
        return [lm_base()]
    folder = local_model_folder(config["lm"]["model"])
    return [folder] if folder else []


def lm_for_sampling(task):
    """The task's fine-tuned LM, or the base LM when `lm.finetune` is false."""
    return f"results/{task}/lm/model" if config["lm"]["finetune"] else lm_base()


def lm_sampling_input(wildcards):
    """The files behind `lm_for_sampling` (none for a hub id that is sampled as it is)."""
    return [lm_for_sampling(wildcards.task)] if config["lm"]["finetune"] else lm_base_input(wildcards)


def transfer_component_shards(wildcards):
    """Sample shards of the generated components of transfer set {transfer}."""
    parts = config["transfer_sets"][wildcards.transfer]["components"]
    return [
        path
        for part in parts
        if part != "train"
        for path in gather.shard(f"results/{wildcards.task}/samples/{part}/shard-{{scatteritem}}.parquet")
    ]


def word_vectors_path(name):
    """Where a student finds word vectors: downloaded ones under resources/word_vectors/, others in place."""
    source = config["word_vectors"][name]["source"]
    if is_remote(source):
        return f"resources/word_vectors/{name}/{PurePosixPath(urlparse(source).path).name}"
    return source


def student_threads(wildcards):
    """CPU threads of a student job. A BiLSTM gains little from a second thread (small matrices, Python-side
    batching): on 2 cores, two one-thread BiLSTM jobs side by side finish in 3.0 min where two two-thread
    jobs in a row take 5.5 min. A BERT student's matrix products do scale with threads (5.3 steps/s on 2
    threads vs 2 × 2.2 side by side)."""
    return 1 if student_entry(wildcards.task, wildcards.student)["arch"] == "bilstm" else 4


def student_inputs(wildcards):
    """A student reads its word vectors if they are downloaded; a distilled one also its transfer set
    and the checked teacher logits."""
    entry = student_entry(wildcards.task, wildcards.student)
    inputs = {}
    if entry["embeddings"] == "word_vectors" and is_remote(config["word_vectors"][entry["word_vectors"]]["source"]):
        inputs["word_vectors"] = word_vectors_path(entry["word_vectors"])
    if entry["loss"] == "ce_gold":
        return inputs
    prefix = f"results/{wildcards.task}"
    scored = scored_transfer_set(entry["transfer"])
    return inputs | {
        "transfer": gather.shard(f"{prefix}/transfer/{entry['transfer']}/shard-{{scatteritem}}.parquet"),
        "logits": gather.shard(f"{prefix}/logits/{scored}/shard-{{scatteritem}}.parquet"),
        "logits_check": f"{prefix}/logits/{scored}/check.json",
    }


def scored_transfer_set(name):
    """The set whose teacher logits a student of `name` reads: a `frac` variant keeps its base's ids and
    sentences, so it reads its base's logits (joined by id) instead of having the teacher score them again."""
    entry = config["transfer_sets"][name]
    while entry.get("variant") == "frac":
        name = entry["base"]
        entry = config["transfer_sets"][name]
    return name


# --- prediction analysis ---

def analysed_models():
    """The teacher and the configured students (sweep points are left out)."""
    return ["teacher", *config["students"]]


def first_seed_model(task, student):
    """The model of a student's first seed: the one that is predicted with, probed and exported."""
    return f"results/{task}/{student}/seed-{student_entry(task, student)['seeds'][0]}/model.pt"


def prediction_model(wildcards):
    """The teacher's folder, or the student's first-seed model.pt."""
    if wildcards.model == "teacher":
        return f"results/{wildcards.task}/teacher/model"
    return first_seed_model(wildcards.task, wildcards.model)


# --- probing ---

def probing_data(probe_task):
    """A probing task's file: SentEval's (downloaded) or the builder's."""
    if PROBING["source"] == "senteval":
        return f"resources/probing/senteval/{probe_task}.txt"
    return f"results/probing/data/{probe_task}.txt"


def probed_model(wildcards):
    """How to load an encoder: a Hugging Face model (`hf`, with the configured teacher layers) or a
    student's model.pt (every layer it exposes)."""
    if wildcards.encoder == "pretrained":
        return {"kind": "hf", "path": config["teacher"]["model"], "layers": PROBING["teacher_layers"]}
    task, name = wildcards.encoder.split("-", 1)
    if name == "teacher":
        return {"kind": "hf", "path": f"results/{task}/teacher/model", "layers": PROBING["teacher_layers"]}
    return {"kind": "student", "path": first_seed_model(task, name)}


def probed_model_input(wildcards):
    """The encoder's files when the workflow makes them (or a local pre-trained folder)."""
    if wildcards.encoder == "pretrained":
        folder = local_model_folder(config["teacher"]["model"])
        return {"model": folder} if folder else {}
    return {"model": probed_model(wildcards)["path"]}


def task_targets(task):
    """Everything `rule all` builds for a task."""
    targets = [f"results/{task}/teacher/metrics.json"]
    if config["students"]:
        targets += expand("results/{task}/{student}/metrics.json", task=task, student=config["students"])
        targets += [  # BERT students also as Hugging Face folders (the first seed's model)
            f"results/{task}/{name}/seed-{entry['seeds'][0]}/hf"
            for name, entry in config["students"].items()
            if entry["arch"] == "bert"
        ]
        targets += [f"results/{task}/summary.csv", f"results/figures/{task}-summary.png"]
        targets += [f"results/{task}/transfer_sets.csv", f"results/figures/{task}-transfer-sets.png"]
        targets += [f"results/{task}/analysis/mistakes.csv", f"results/figures/{task}-confidence.png"]
    if config["sweeps"]:
        targets += [f"results/{task}/sweeps.csv", f"results/figures/{task}-sweeps.png"]
    return targets


def probing_targets():
    """The probing table and figures, when there are probing tasks."""
    if not config["probing"]["tasks"]:
        return []
    return ["results/probing/scores.csv", "results/figures/probing-layers.png"]


def print_results_summary(tasks):
    for task in tasks:
        summary = Path(f"results/{task}/summary.csv")
        if summary.exists():
            print(f"{task}: {summary}\n{summary.read_text()}")
    print(f"Results are under {Path('results').resolve()}/")
