"""Shared test helpers: tiny data and a tiny random BERT built here, and a Snakemake runner."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

REPO = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
# Tiny models gain nothing from a second thread, and one-thread jobs run two at a time on 2 cores; equal
# thread counts also make runs of the same config comparable bit for bit (local vs Slurm, killed vs not).
ONE_THREAD = ["--set-threads", "train_teacher=1", "teacher_logits=1", "train_student=1", "finetune_lm=1",
              "sample_lm=1"]

POSITIVE = ["good", "great", "lovely", "fine", "superb", "moving"]
NEGATIVE = ["bad", "awful", "dull", "poor", "boring", "weak"]
SUBJECTS = ["the film", "this movie", "the plot", "the acting", "the story", "that ending"]


# The modules that run real workflows, longest first, run before every other module. `make test` gives each
# worker whole modules in collection order (--dist loadscope --no-loadscope-reorder); xdist's default order
# (most tests first) left these one-test modules for the end, which can leave one worker two of them in a
# row while the other has nothing left to do.
WORKFLOW_MODULES = ["test_workflow.py", "test_pairs_workflow.py", "test_slurm.py", "test_resume.py"]


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return WORKFLOW_MODULES.index(name) if name in WORKFLOW_MODULES else len(WORKFLOW_MODULES)
    items.sort(key=rank)  # a stable sort: each module's tests keep their order


def tiny_sentences() -> list[tuple[str, str]]:
    """Sentences whose label is decided by one sentiment word: learnable by a tiny model in seconds."""
    rows = []
    for i, subject in enumerate(SUBJECTS):
        for j, (pos, neg) in enumerate(zip(POSITIVE, NEGATIVE)):
            adverb = ["really", "quite", "very"][(i + j) % 3]
            rows.append((f"{subject} was {adverb} {pos} .", "positive"))
            rows.append((f"{subject} was {adverb} {neg} .", "negative"))
    return rows  # 72 rows


def write_tiny_tsvs(folder: Path) -> dict[str, Path]:
    rows = tiny_sentences()
    parts = {"train": rows[:48], "dev": rows[48:60], "test": rows[60:]}
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for split, part in parts.items():
        paths[split] = folder / f"{split}.tsv"
        paths[split].write_text("sentence\tlabel\n" + "".join(f"{s}\t{l}\n" for s, l in part))
    return paths


def build_tiny_bert(folder: Path, hidden: int = 32, layers: int = 2) -> Path:
    """A randomly initialised BERT with a WordPiece vocabulary of the tiny data's words, saved like a
    pre-trained base model (no classifier head), so the teacher code loads it as it loads MiniLM."""
    from transformers import BertConfig, BertModel, BertTokenizerFast

    words = sorted({w for s, _ in tiny_sentences() for w in s.split()})
    folder.mkdir(parents=True, exist_ok=True)
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]) + "\n")
    tokenizer = BertTokenizerFast(vocab=str(vocab), do_lower_case=True)  # transformers 5: `vocab`, not `vocab_file`
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=2, intermediate_size=2 * hidden, max_position_embeddings=64)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_tiny_gpt2(folder: Path, sentences: list[str]) -> Path:
    """A random 2-layer GPT-2 with a word-level tokenizer (EOS `<eos>`) over the words of `sentences`."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    words = sorted({w for s in sentences for w in s.split()})
    vocab = {w: i for i, w in enumerate(["<unk>", "<eos>", *words])}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    backend.decoder = decoders.WordPiece(prefix="##")  # joins word tokens with spaces
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, unk_token="<unk>", eos_token="<eos>")
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=len(vocab), n_embd=32, n_layer=2, n_head=2, n_positions=32,
                        bos_token_id=1, eos_token_id=1)
    folder.mkdir(parents=True, exist_ok=True)
    GPT2LMHeadModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def write_tiny_word_vectors(path: Path, dim: int = 8) -> Path:
    """GloVe text format, random vectors for most of the tiny data's words (the rest are OOV)."""
    import numpy as np

    words = sorted({w.lower() for s, _ in tiny_sentences() for w in s.split()})[:-3]
    rng = np.random.default_rng(0)
    path.write_text("".join(f"{w} {' '.join(f'{x:.4f}' for x in rng.normal(size=dim))}\n" for w in words))
    return path


def tiny_config(tmp: Path) -> dict:
    tsvs = write_tiny_tsvs(tmp / "input")
    teacher = build_tiny_bert(tmp / "tiny-bert")
    vectors = write_tiny_word_vectors(tmp / "vectors.txt")
    student = {"arch": "bilstm", "word_vectors": "tiny", "hidden": 8, "fc": 8, "epochs": 2, "batch_size": 16,
               "lr": 1e-2, "checkpoint_every": 3}
    return {
        "targets": ["tiny"],
        "tasks": {"tiny": {"source": "tsv", "metric": "accuracy",
                           "files": {f"{k}.tsv": {"url": str(v)} for k, v in tsvs.items()}}},
        "teacher": {"model": str(teacher), "max_length": 32, "batch_size": 8, "lr": 1e-3, "epochs": 3,
                    "warmup_proportion": 0.1, "precision": "fp32", "checkpoint_every": 5, "seed": 1},
        "shards": 2,
        "augmentation": {"rules": {"kind": "rules", "n_iter": 3, "seed": 0}},
        "transfer_sets": {"none": {"components": ["train"]}, "rules": {"components": ["train", "rules"]}},
        "logits": {"batch_size": 16, "precision": "fp32"},
        "word_vectors": {"tiny": {"source": str(vectors), "format": "glove-txt"}},
        "probing": {"tasks": []},  # off here: test_workflow turns it on (it is slow for a tiny run)
        "deploy": {"rows": 16, "latency_rows": 2, "bert_large": False},  # BERT-large alone takes seconds to build
        "students": {"bilstm": {**student, "transfer": "rules", "loss": "mse", "seeds": [1, 2]},
                     "bilstm_gold": {**student, "loss": "ce_gold", "seeds": [1]},
                     "bert": {"arch": "bert", "transfer": "rules", "loss": "kl", "temperature": 3.0,
                              "embeddings": "wordpiece", "embedding_mode": "non-static", "layers": 1,
                              "hidden": 12, "intermediate": 16, "heads": 2, "max_length": 32, "dropout": 0.1,
                              "epochs": 2, "batch_size": 16, "lr": 1e-2, "checkpoint_every": 3, "seeds": [1]}},
    }


def write_config(path: Path, config: dict) -> Path:
    path.write_text(yaml.safe_dump(config, sort_keys=False))  # keep the order: it names sweep points
    return path


def run_snakemake(workdir: Path, configfile: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [SNAKEMAKE, "--snakefile", str(REPO / "Snakefile"), "--directory", str(workdir),
         "--configfile", str(configfile), *ONE_THREAD, "--cores", "2", *args],  # --set-threads takes a list: end it
        capture_output=True, text=True, timeout=900)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
    return result


def planned_jobs(workdir: Path, configfile: Path, *targets: str) -> dict[str, int]:
    """Rule -> number of jobs a dry run would execute (empty when there is nothing to do)."""
    out = run_snakemake(workdir, configfile, "--dry-run", *targets).stdout
    table = re.search(r"Job stats:\n(.*?)\n\s*total", out, re.S)
    if table is None:
        assert "Nothing to be done" in out, out[-3000:]
        return {}
    jobs = {}
    for line in table.group(1).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            jobs[parts[0]] = int(parts[1])
    return jobs


@pytest.fixture
def tiny_workdir(tmp_path: Path) -> tuple[Path, Path, dict]:
    config = tiny_config(tmp_path)
    return tmp_path / "work", write_config(tmp_path / "tiny.yaml", config), config


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory, worker_id) -> dict:
    """One local run of the whole tiny DAG, shared by the tests that build on it: the Slurm test compares
    its own run with this one, the resume and end-to-end tests start from copies of it (`copy_run`), so
    the upstream jobs run once per session instead of once per test. Do not change it in place.

    Under pytest-xdist the modules that use it land on different workers; each would build its own
    (~7 minutes of a core on a slow 2-core host), so the first worker builds it in the session's shared
    temporary folder under a file lock and the others wait for it and read it."""
    if worker_id == "master":  # no xdist: this process is the only user
        return build_tiny_run(tmp_path_factory.mktemp("tiny-run"))
    shared = tmp_path_factory.getbasetemp().parent  # pytest-N/, one per session, above every worker's folder
    base, done = shared / "tiny-run", shared / "tiny-run.done"
    with FileLock(str(shared / "tiny-run.lock")):
        if not done.exists():
            if base.exists():  # a worker that failed mid-build left it: build afresh
                shutil.rmtree(base)
            base.mkdir()
            build_tiny_run(base)
            done.touch()
    return tiny_run_of(base)


def build_tiny_run(base: Path) -> dict:
    config = tiny_config(base)
    write_config(base / "tiny.yaml", config)
    (base / "local").mkdir()
    run = tiny_run_of(base)
    run_snakemake(run["workdir"], run["configfile"])
    return run


def tiny_run_of(base: Path) -> dict:
    configfile = base / "tiny.yaml"
    return {"config": yaml.safe_load(configfile.read_text()), "configfile": configfile, "workdir": base / "local"}


def copy_run(run: dict, to: Path) -> Path:
    """A copy of a finished run's working directory, outputs, timestamps and Snakemake's metadata included,
    so that Snakemake sees the same up-to-date jobs there (the config's input paths stay the same)."""
    shutil.copytree(run["workdir"], to, symlinks=True, ignore=shutil.ignore_patterns("locks", "incomplete"))
    return to


def write_tiny_probing_corpus(path: Path, sentences: int = 240) -> Path:
    """English sentences made from templates (one per line), varied in length, tense, number and
    coordination, so that every probing task of the builder finds examples of each class."""
    import numpy as np

    rng = np.random.default_rng(0)
    nouns = ["dog", "cat", "farmer", "teacher", "bird", "student", "horse", "painter", "doctor", "baker"]
    verbs = [("chased", "chases", "chase"), ("saw", "sees", "see"), ("visited", "visits", "visit"),
             ("helped", "helps", "help"), ("watched", "watches", "watch"), ("followed", "follows", "follow"),
             ("called", "calls", "call"), ("found", "finds", "find")]  # past, present singular, present plural
    adjectives = ["old", "young", "quiet", "happy", "small", "tired"]
    places = ["in the garden", "near the river", "after the storm", "at the market", "behind the old house"]

    def pick(options):
        return options[rng.integers(len(options))]

    def noun_phrase(plural: bool) -> str:
        adjective = f"{pick(adjectives)} " if rng.random() < 0.5 else ""
        return f"the {adjective}{pick(nouns)}{'s' if plural else ''}"

    def clause() -> str:
        plural = rng.random() < 0.5
        past, singular, base = pick(verbs)
        verb = past if rng.random() < 0.5 else base if plural else singular
        extra = " ".join(pick(places) for _ in range(rng.integers(0, 3)))
        return f"{noun_phrase(plural)} {verb} {noun_phrase(rng.random() < 0.5)} {extra}".strip()

    lines = set()
    while len(lines) < sentences:
        text = clause() if rng.random() < 0.6 else f"{clause()} , and {clause()}"
        lines.add(text[0].upper() + text[1:] + " .")
    path.write_text("\n".join(sorted(lines)) + "\n")
    return path
