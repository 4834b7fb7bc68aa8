"""Tang et al.'s rule-based augmentation: rates, POS-preserving replacement, n-grams, determinism."""
from collections import Counter

import numpy as np
import pytest

from bert_distil.transfer.rules import PosSampler, RuleSettings, augment, perturb, spacy_tagger
from bert_distil.transfer.words import MASK

TAGGED = [
    [("the", "DT"), ("film", "NN"), ("was", "VBD"), ("good", "JJ"), (".", ".")],
    [("a", "DT"), ("story", "NN"), ("seemed", "VBD"), ("dull", "JJ"), ("and", "CC"), ("long", "JJ")],
    [("this", "DT"), ("plot", "NN"), ("felt", "VBD"), ("weak", "JJ")],
]
TAG_OF = {w: t for s in TAGGED for w, t in s}


def test_mask_and_pos_rates_over_many_words():
    settings = RuleSettings(n_iter=1, p_mask=0.1, p_pos=0.3, p_ng=0.0)
    sampler = PosSampler(TAGGED)
    rng = np.random.default_rng(0)
    masked = total = 0
    for _ in range(4000):
        sentence = TAGGED[_ % 3]
        out = perturb(sentence, sampler, settings, rng)
        assert len(out) == len(sentence)  # no n-gram step: one output word per input word
        for (word, tag), new in zip(sentence, out):
            total += 1
            if new == MASK:
                masked += 1
            else:
                assert TAG_OF[new] == tag  # replacements keep the POS tag
    assert masked / total == pytest.approx(0.1, abs=0.01)


def test_pos_replacement_follows_the_unigram_distribution():
    tagged = [[("good", "JJ")]] * 3 + [[("bad", "JJ")]]
    sampler = PosSampler(tagged)
    rng = np.random.default_rng(1)
    draws = Counter(sampler.draw("JJ", rng) for _ in range(20000))
    assert draws["good"] / 20000 == pytest.approx(0.75, abs=0.015)


def test_ngram_lengths_are_uniform_in_1_to_5():
    settings = RuleSettings(n_iter=1, p_mask=0.0, p_pos=0.0, p_ng=1.0, max_ngram=5)
    sentence = [(f"w{i}", "NN") for i in range(12)]
    rng = np.random.default_rng(2)
    lengths = Counter()
    for _ in range(5000):
        out = perturb(sentence, PosSampler([sentence]), settings, rng)
        words = [w for w, _ in sentence]
        start = words.index(out[0])
        assert out == words[start:start + len(out)]  # a contiguous n-gram of the sentence
        lengths[len(out)] += 1
    assert set(lengths) == {1, 2, 3, 4, 5}
    assert all(count / 5000 == pytest.approx(0.2, abs=0.03) for count in lengths.values())


def test_seeded_samples_are_identical_and_n_iter_per_sentence():
    settings = RuleSettings(n_iter=7)
    sampler = PosSampler(TAGGED)
    first = augment(TAGGED, sampler, settings, seed=[5, 0])
    assert first == augment(TAGGED, sampler, settings, seed=[5, 0])
    assert first != augment(TAGGED, sampler, settings, seed=[5, 1])
    assert len(first) == 7 * len(TAGGED)


def test_spacy_tagger_gives_penn_treebank_tags():
    (tagged,) = spacy_tagger()(["The dogs chased a cat."])
    assert tagged == [("The", "DT"), ("dogs", "NNS"), ("chased", "VBD"), ("a", "DT"), ("cat", "NN"), (".", ".")]
