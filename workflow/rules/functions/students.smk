# Input functions and helpers of students.smk; what several stages share is in common.smk.
from pathlib import PurePosixPath
from urllib.parse import urlparse


def word_vectors_path(name):
    """Where a student finds word vectors: downloaded ones under resources/word_vectors/, others in place."""
    source = config["word_vectors"][name]["source"]
    if is_remote(source):
        return f"resources/word_vectors/{name}/{PurePosixPath(urlparse(source).path).name}"
    return source


def seed_job_entry(task, student):
    """The settings of one seed's training job: the student's entry without its list of seeds, which is not
    a setting of any one job (Snakemake reruns a job whose params change: adding a seed adds a job and
    reruns none, and a default with fewer seeds keeps the seeds it shares)."""
    return {k: v for k, v in student_entry(task, student).items() if k != "seeds"}


def student_threads(wildcards):
    """CPU threads of a student job. A BiLSTM gains little from a second thread (small matrices, Python-side
    batching): on 2 cores, two one-thread BiLSTM jobs side by side finish in 3.0 min where two two-thread
    jobs in a row take 5.5 min. A BERT student's matrix products do scale with threads (5.3 steps/s on 2
    threads vs 2 × 2.2 side by side)."""
    return 1 if student_entry(wildcards.task, wildcards.student)["arch"] == "bilstm" else 4


def student_priority(wildcards):
    """A student's first seed goes before its other seeds: its model is the one predicted with, probed and
    exported, so those jobs can start as soon as a core is free, not after the last seed of a student."""
    first = str(student_entry(wildcards.task, wildcards.student)["seeds"][0])
    return STUDENT_PRIORITY + (1 if wildcards.seed == first else 0)


def student_inputs(wildcards):
    """A student reads its word vectors if they are downloaded, or the teacher's tokenizer (and embeddings)
    if it reads wordpieces; a distilled one also its transfer set and the checked teacher logits. A gold-label
    BiLSTM needs no teacher, so it trains while the teacher does."""
    entry = student_entry(wildcards.task, wildcards.student)
    inputs = {}
    if entry["embeddings"] != "word_vectors":
        inputs["teacher"] = f"results/{wildcards.task}/teacher/model"
    elif is_remote(config["word_vectors"][entry["word_vectors"]]["source"]):
        inputs["word_vectors"] = word_vectors_path(entry["word_vectors"])
    if entry["loss"] in checks.GOLD_LOSSES:
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


def aggregate_inputs(wildcards):
    """The student's per-seed metrics; for a distilled student also the teacher's metrics and its gold-label
    baseline's aggregate (when the task trains one)."""
    runs = expand(
        f"results/{wildcards.task}/{wildcards.student}/seed-{{seed}}/metrics.json",
        seed=STUDENTS[wildcards.student]["seeds"],
    )
    baseline = checks.gold_baseline(config, STUDENTS, wildcards.task, wildcards.student)
    if baseline is None:
        return {"runs": runs}
    return {
        "runs": runs,
        "teacher": f"results/{wildcards.task}/teacher/metrics.json",
        "baseline": f"results/{wildcards.task}/{baseline}/metrics.json",
    }
