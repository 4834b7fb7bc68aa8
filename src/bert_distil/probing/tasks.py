"""The probing-task builder: Conneau et al.'s ten tasks made from any parsed corpus (see `parse`).

Each task is a labelling rule (what a sentence's label is, or None when the task does not apply to it) or,
for BigramShift / OddManOut / CoordinationInversion, a perturbation (the changed sentence, or None). The
builder keeps the sentences a rule applies to, balances the classes (as many examples per class as the
rarest class allows, up to the requested size), splits every class in the train/dev/test proportions and
writes SentEval's format. Every source sentence is used at most once per task, so the splits share none.

Labels follow SentEval's: Length = bin 0..bins-1 of the token count; WordContent = the word; Depth = the
constituency tree's depth; TopConst = the root's children joined by `_` (e.g. `NP_VP_.`); BShift I/O;
Tense PAST/PRES; SubjNum / ObjNum NN/NNS; SOMO C/O; CoordInv I/O.

Where a rule departs from SentEval's (which used the Stanford parser on BookCorpus):
- Depth counts constituent levels above the words (link-grammar trees have no part-of-speech level), and
  its classes are the `depth_classes` most frequent depths; TopConst's are the `top_constituent_classes`
  most frequent sequences, with no catch-all "other" class; a word directly under the root is `WORD`.
- WordContent's words are the `word_content_words` words ranked just after the `word_content_skip` most
  frequent words of the corpus (SentEval: 1,000 words of rank 2k-3k in a 100× larger corpus).
- OddManOut replaces a noun or verb by a word with the same Penn tag among the `somo_neighbours` words
  closest to it in corpus frequency (SentEval also matched the frequency of the bigrams formed).
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from ..registry import Registry

log = logging.getLogger(__name__)

SPLITS = ("train", "dev", "test")
PAST, PRESENT = "PAST", "PRES"
SINGULAR, PLURAL = "NN", "NNS"
ORIGINAL, INVERTED, CHANGED = "O", "I", "C"
NUMBER_TAGS = {"NN": SINGULAR, "NNP": SINGULAR, "NNS": PLURAL, "NNPS": PLURAL}
TENSE_TAGS = {"VBD": PAST, "VBZ": PRESENT, "VBP": PRESENT}
SOMO_TAGS = ("NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ")
COORDINATORS = {"and", "but", "or", "so", "yet", "nor"}


@dataclass
class BuildSettings:
    """The `probing.build` block of the config (descriptions and defaults in the schema)."""
    sizes: dict[str, int] = field(default_factory=lambda: {"train": 1200, "dev": 300, "test": 300})
    min_tokens: int = 5
    max_tokens: int = 28
    length_bins: int = 6
    word_content_words: int = 20
    word_content_skip: int = 100
    depth_classes: int = 5
    top_constituent_classes: int = 6
    somo_neighbours: int = 10
    seed: int = 0


# --- dependency-based labels --------------------------------------------------------------------------

def root_index(parsed: dict) -> int | None:
    """The token spaCy made the root, when the text parsed as exactly one sentence."""
    roots = [k for k, dep in enumerate(parsed["deps"]) if dep == "ROOT"]
    return roots[0] if len(roots) == 1 else None


def children(parsed: dict, head: int, deps: set[str]) -> list[int]:
    return [k for k, h in enumerate(parsed["heads"]) if h == head and k != head and parsed["deps"][k] in deps]


def tense(parsed: dict) -> str | None:
    """Tense of the main clause: the root verb's, else its first auxiliary's ("has gone" is present);
    None for modals ("will go") and verbless roots."""
    root = root_index(parsed)
    if root is None:
        return None
    for k in [root] + children(parsed, root, {"aux", "auxpass"}):
        tag = parsed["tags"][k]
        if tag == "MD":
            return None
        if tag in TENSE_TAGS:
            return TENSE_TAGS[tag]
    return None


def _argument_number(parsed: dict, deps: set[str]) -> str | None:
    root = root_index(parsed)
    if root is None:
        return None
    found = children(parsed, root, deps)
    return NUMBER_TAGS.get(parsed["tags"][found[0]]) if len(found) == 1 else None


def subject_number(parsed: dict) -> str | None:
    """NN / NNS of the main clause's subject when it is a noun (pronouns and clauses: None)."""
    return _argument_number(parsed, {"nsubj", "nsubjpass"})


def object_number(parsed: dict) -> str | None:
    """NN / NNS of the main verb's direct object when it is a noun."""
    return _argument_number(parsed, {"dobj"})


# --- constituency-based labels ------------------------------------------------------------------------

def constituency_tree(parsed: dict):
    from nltk import Tree

    if not parsed.get("tree"):
        return None
    try:
        return Tree.fromstring(parsed["tree"])
    except ValueError:  # a word with brackets in it breaks the bracketing: no tree
        return None


def tree_depth(tree) -> int:
    """Constituent levels on the longest path from the root to a word (nltk's height counts the word)."""
    return tree.height() - 1


def top_constituents(tree) -> str:
    from nltk import Tree

    def name(child) -> str:
        if isinstance(child, Tree):
            return child.label()
        return child if not any(c.isalnum() for c in child) else "WORD"

    return "_".join(name(child) for child in tree)


# --- surface labels -----------------------------------------------------------------------------------

def length_bin(n_tokens: int, settings: BuildSettings) -> str | None:
    """Equal-width bins over min_tokens..max_tokens (SentEval: 6 bins)."""
    if not settings.min_tokens <= n_tokens <= settings.max_tokens:
        return None
    span = settings.max_tokens - settings.min_tokens + 1
    return str((n_tokens - settings.min_tokens) * settings.length_bins // span)


def is_word(token: str) -> bool:
    return token.isalpha()


def word_content_vocabulary(parsed: list[dict], settings: BuildSettings) -> list[str]:
    """Mid-frequency words: by the number of sentences they occur in, the `word_content_words` words after
    the `word_content_skip` most frequent ones (lower-cased, alphabetic, at least 3 letters)."""
    counts = Counter(w for p in parsed for w in {t.lower() for t in p["tokens"] if is_word(t) and len(t) >= 3})
    ranked = [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return ranked[settings.word_content_skip:settings.word_content_skip + settings.word_content_words]


def word_content(parsed: dict, vocabulary: set[str]) -> str | None:
    """The one vocabulary word the sentence contains exactly once (None if none, or several)."""
    found = [t.lower() for t in parsed["tokens"] if t.lower() in vocabulary]
    return found[0] if len(found) == 1 else None


# --- perturbations ------------------------------------------------------------------------------------

def bigram_shift(tokens: list[str], rng: np.random.Generator) -> list[str] | None:
    """Swap two adjacent words (not the first, whose capital would give it away; not two equal words)."""
    spots = [k for k in range(1, len(tokens) - 1)
             if is_word(tokens[k]) and is_word(tokens[k + 1]) and tokens[k].lower() != tokens[k + 1].lower()]
    if not spots:
        return None
    k = spots[rng.integers(len(spots))]
    return tokens[:k] + [tokens[k + 1], tokens[k]] + tokens[k + 2:]


class FrequencyNeighbours:
    """For OddManOut: words of the same Penn tag with the closest corpus frequency."""

    def __init__(self, parsed: list[dict], neighbours: int):
        counts = Counter((t, tag) for p in parsed for t, tag in zip(p["tokens"], p["tags"])
                         if tag in SOMO_TAGS and t.isalpha() and t.islower())
        self.by_tag: dict[str, list[str]] = defaultdict(list)
        for (word, tag), _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            self.by_tag[tag].append(word)
        self.rank = {(w, tag): k for tag, words in self.by_tag.items() for k, w in enumerate(words)}
        self.neighbours = neighbours

    def replacement(self, word: str, tag: str, rng: np.random.Generator) -> str | None:
        words, k = self.by_tag.get(tag, []), self.rank.get((word, tag))
        if k is None:
            return None
        half = self.neighbours // 2
        close = [w for w in words[max(0, k - half):k + half + 1] if w != word]
        return close[rng.integers(len(close))] if close else None


def odd_man_out(parsed: dict, rng: np.random.Generator, neighbours: FrequencyNeighbours) -> list[str] | None:
    """Replace one (lower-case) noun or verb by a word of the same tag and similar frequency."""
    tokens = parsed["tokens"]
    spots = [k for k, (t, tag) in enumerate(zip(tokens, parsed["tags"]))
             if k > 0 and tag in SOMO_TAGS and t.isalpha() and t.islower()]
    for k in rng.permutation(spots):
        new = neighbours.replacement(tokens[k], parsed["tags"][k], rng)
        if new:
            return tokens[:k] + [new] + tokens[k + 1:]
    return None


def coordination_inversion(parsed: dict) -> list[str] | None:
    """Swap the two clauses of "clause1 [,] cc clause2 ." when the main verb and the verb conjoined to it
    each have their own subject; casing moves with the sentence start (proper nouns and "I" keep theirs)."""
    root = root_index(parsed)
    if root is None:
        return None
    tokens, tags, deps = parsed["tokens"], parsed["tags"], parsed["deps"]
    ccs = [k for k in children(parsed, root, {"cc"}) if tokens[k].lower() in COORDINATORS]
    conjs = [k for k in children(parsed, root, {"conj"}) if tags[k].startswith(("VB", "MD"))]
    if len(ccs) != 1 or len(conjs) != 1 or not ccs[0] < conjs[0] or not root < ccs[0]:
        return None
    cc = ccs[0]
    if not children(parsed, root, {"nsubj", "nsubjpass"}) or not children(parsed, conjs[0], {"nsubj", "nsubjpass"}):
        return None
    end = len(tokens) - 1 if deps[-1] == "punct" else len(tokens)
    first, second = tokens[:cc], tokens[cc + 1:end]
    comma = [","] if first and first[-1] == "," else []
    first = first[:-1] if comma else first
    if len(first) < 3 or len(second) < 3:
        return None
    if not (tags[0] in ("NNP", "NNPS") or tokens[0] == "I"):
        first = [first[0][:1].lower() + first[0][1:]] + first[1:]
    second = [second[0][:1].upper() + second[0][1:]] + second[1:]
    return second + comma + [tokens[cc]] + first + tokens[end:]


# --- building -----------------------------------------------------------------------------------------

Rows = list[tuple[int, str, list[str]]]  # (corpus index, label, tokens) of the sentences a task applies to

# task name -> f(parsed corpus, settings, rng) -> Rows; registered in SentEval's order (which seeds each task)
PROBING_TASKS = Registry("probing task")


def _labelled(parsed: list[dict], rule: Callable[[dict], str | None]) -> Rows:
    return [(k, label, p["tokens"]) for k, p in enumerate(parsed) if (label := rule(p)) is not None]


def _perturbed(parsed: list[dict], rng: np.random.Generator, change: Callable[[dict], list[str] | None],
               changed_label: str) -> Rows:
    """A random half of the sentences that `change` applies to, changed; the other half as they are."""
    order = rng.permutation(len(parsed))
    changes = {int(k): new for k in order if (new := change(parsed[k])) is not None}
    picked = list(changes)  # in random order: the first half is changed
    half = len(picked) // 2
    return ([(k, changed_label, changes[k]) for k in picked[:half]]
            + [(k, ORIGINAL, parsed[k]["tokens"]) for k in picked[half:2 * half]])


def _tree_rows(parsed: list[dict], describe: Callable, keep: int) -> Rows:
    """Sentences with a constituency tree, labelled by `describe(tree)`, in the `keep` most common classes."""
    trees = [(k, constituency_tree(p)) for k, p in enumerate(parsed)]
    rows = [(k, describe(t), parsed[k]["tokens"]) for k, t in trees if t is not None]
    common = {label for label, _ in Counter(r[1] for r in rows).most_common(keep)}
    return [r for r in rows if r[1] in common]


@PROBING_TASKS.register("sentence_length")
def _sentence_length(parsed, settings, rng):
    return _labelled(parsed, lambda p: length_bin(len(p["tokens"]), settings))


@PROBING_TASKS.register("word_content")
def _word_content(parsed, settings, rng):
    vocabulary = set(word_content_vocabulary(parsed, settings))
    return _labelled(parsed, lambda p: word_content(p, vocabulary))


PROBING_TASKS.register("tree_depth")(
    lambda parsed, settings, rng: _tree_rows(parsed, lambda t: str(tree_depth(t)), settings.depth_classes))
PROBING_TASKS.register("top_constituents")(
    lambda parsed, settings, rng: _tree_rows(parsed, top_constituents, settings.top_constituent_classes))
PROBING_TASKS.register("bigram_shift")(
    lambda parsed, settings, rng: _perturbed(parsed, rng, lambda p: bigram_shift(p["tokens"], rng), INVERTED))
PROBING_TASKS.register("past_present")(lambda parsed, settings, rng: _labelled(parsed, tense))
PROBING_TASKS.register("subj_number")(lambda parsed, settings, rng: _labelled(parsed, subject_number))
PROBING_TASKS.register("obj_number")(lambda parsed, settings, rng: _labelled(parsed, object_number))


@PROBING_TASKS.register("odd_man_out")
def _odd_man_out(parsed, settings, rng):
    neighbours = FrequencyNeighbours(parsed, settings.somo_neighbours)
    return _perturbed(parsed, rng, lambda p: odd_man_out(p, rng, neighbours), CHANGED)


PROBING_TASKS.register("coordination_inversion")(
    lambda parsed, settings, rng: _perturbed(parsed, rng, coordination_inversion, INVERTED))


def labelled_examples(task: str, parsed: list[dict], settings: BuildSettings,
                      rng: np.random.Generator) -> pd.DataFrame:
    """Every sentence the task applies to: columns source (corpus index), label, sentence (tokens joined
    by spaces). Perturbation tasks label a random half of their sentences as changed."""
    rows = PROBING_TASKS[task](parsed, settings, rng)
    return pd.DataFrame([(k, label, " ".join(tokens)) for k, label, tokens in rows],
                        columns=["source", "label", "sentence"])


def balanced_splits(examples: pd.DataFrame, sizes: dict[str, int], rng: np.random.Generator) -> pd.DataFrame:
    """Equal examples per class (the requested total / classes, or what the rarest class has), each class
    split in the train/dev/test proportions of `sizes`; rows shuffled within each split."""
    classes = sorted(examples["label"].unique())
    total = sum(sizes.values())
    per_class = min(total // len(classes), int(examples["label"].value_counts().min()))
    parts = []
    for label in classes:
        rows = examples[examples["label"] == label]
        rows = rows.iloc[rng.permutation(len(rows))[:per_class]]
        train, dev = (round(per_class * sizes[s] / total) for s in ("train", "dev"))
        bounds = [0, train, train + dev, per_class]  # test gets the rest
        parts += [rows.iloc[bounds[i]:bounds[i + 1]].assign(split=s) for i, s in enumerate(SPLITS)]
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))]
    order = frame["split"].map({s: i for i, s in enumerate(SPLITS)})
    return frame.assign(_order=order).sort_values("_order", kind="stable")[["split", "label", "sentence", "source"]] \
        .reset_index(drop=True)


def build_task(task: str, parsed: list[dict], settings: BuildSettings) -> pd.DataFrame:
    """One probing task (columns split, label, sentence, source) from a parsed corpus, seeded per task."""
    rng = np.random.default_rng([settings.seed, list(PROBING_TASKS).index(task)])
    examples = labelled_examples(task, parsed, settings, rng)
    if examples["label"].nunique() < 2:
        raise ValueError(f"probing task {task}: the corpus gives {examples['label'].nunique()} class(es) "
                         f"{sorted(examples['label'].unique())}, at least 2 are needed (a larger corpus?)")
    frame = balanced_splits(examples, settings.sizes, rng)
    requested = sum(settings.sizes.values())
    if len(frame) < requested:
        log.warning("%s: %d examples instead of %d (the rarest of %d classes has %d sentences)", task,
                    len(frame), requested, frame["label"].nunique(), examples["label"].value_counts().min())
    return frame


def task_summary(task: str, frame: pd.DataFrame) -> dict:
    """Sizes and class balance per split, for the build log and the report."""
    out = {"task": task, "classes": int(frame["label"].nunique())}
    for split in SPLITS:
        counts = frame.loc[frame["split"] == split, "label"].value_counts()
        out[split] = int(counts.sum())
        out[f"{split}_class_share_min"] = round(float(counts.min() / counts.sum()), 4) if len(counts) else None
        out[f"{split}_class_share_max"] = round(float(counts.max() / counts.sum()), 4) if len(counts) else None
    return out
