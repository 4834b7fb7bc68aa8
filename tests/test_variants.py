"""Transfer-set variants keep what they promise: sizes, the tokens of each sentence, the length and
unigram distributions of the base set; and they are seeded."""
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from bert_distil.transfer.variants import derive
from bert_distil.transfer.words import treebank_tokens


@pytest.fixture
def base() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    words = ["the", "film", "was", "good", "bad", "plot", "[MASK]", ",", "."]
    sentences = [" ".join(rng.choice(words, size=rng.integers(1, 12))) for _ in range(400)]
    return pd.DataFrame({"id": [f"s{i}" for i in range(400)], "sentence": sentences,
                         "source": ["train"] * 100 + ["rules"] * 300})


def test_fraction_keeps_a_seeded_subset_of_rows(base):
    subset = derive(base, "frac", seed=1, fraction=0.1)
    assert len(subset) == 40 and set(subset["id"]) <= set(base["id"])
    merged = subset.merge(base, on="id", suffixes=("", "_base"))
    assert (merged["sentence"] == merged["sentence_base"]).all()
    assert subset.equals(derive(base, "frac", seed=1, fraction=0.1))
    assert not subset["id"].equals(derive(base, "frac", seed=2, fraction=0.1)["id"])
    assert len(derive(base, "frac", seed=1, fraction=0.001)) == 1  # never empty
    with pytest.raises(ValueError, match="needs a fraction"):
        derive(base, "frac")


def test_shuffled_permutes_each_sentences_tokens(base):
    shuffled = derive(base, "shuffled", seed=0)
    assert list(shuffled["id"]) == list(base["id"])
    for before, after in zip(base["sentence"], shuffled["sentence"]):
        assert Counter(treebank_tokens(before)) == Counter(treebank_tokens(after))  # [MASK] stays one token
    assert (shuffled["sentence"] != base["sentence"]).mean() > 0.8


def test_unigram_sentences_follow_the_base_sets_lengths_and_word_frequencies(base):
    unigram = derive(base, "unigram", seed=0)
    assert len(unigram) == len(base) and unigram["id"].is_unique
    base_tokens = [treebank_tokens(s) for s in base["sentence"]]
    new_tokens = [treebank_tokens(s) for s in unigram["sentence"]]
    base_lengths, new_lengths = [len(t) for t in base_tokens], [len(t) for t in new_tokens]
    assert set(new_lengths) <= set(base_lengths)
    assert np.mean(new_lengths) == pytest.approx(np.mean(base_lengths), rel=0.1)
    base_counts = Counter(t for ts in base_tokens for t in ts)
    new_counts = Counter(t for ts in new_tokens for t in ts)
    assert set(new_counts) <= set(base_counts)
    total_base, total_new = sum(base_counts.values()), sum(new_counts.values())
    for word, count in base_counts.items():
        assert new_counts[word] / total_new == pytest.approx(count / total_base, abs=0.02)
    assert unigram.equals(derive(base, "unigram", seed=0))


def test_unknown_variant_is_a_clear_error(base):
    with pytest.raises(ValueError, match="unknown transfer-set variant 'reversed'"):
        derive(base, "reversed")
