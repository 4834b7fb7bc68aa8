"""LM transfer sentences with a tiny random GPT-2 and a word-level tokenizer built here: prefix distribution,
fine-tuning (EOS appended), KV-cache sampling against transformers' own `generate`, EOS / max-length stops,
reproducible seeded shards, and cleaning."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from bert_distil.transfer.lm import LMSettings, encode_sentences, fine_tune_lm, load_lm
from bert_distil.transfer.sampling import (SampleSettings, clean_samples, draw_prefixes, first_token_distribution,
                                  sample_lm_shard, sample_token_ids)
from conftest import build_tiny_gpt2

# Each first word fixes the rest of the sentence and its length (2 to 5 words), so a fine-tuned LM's greedy
# continuations end at different steps: the batched sampler must drop finished rows correctly.
SENTENCES = ["one a", "two b c", "three d e f", "four g h i j"] * 6 + ["one a", "two b c"] * 3


def lm_settings(**overrides) -> LMSettings:
    base = dict(model="", finetune=True, epochs=40, max_steps=None, batch_size=8, optimizer="adamw", lr=1e-2,
                weight_decay=1e-3, warmup_proportion=0.1, max_length=16, max_grad_norm=1.0, precision="fp32",
                dev_sentences=10, checkpoint_every=1000, seed=0)
    return LMSettings(**{**base, **overrides})


@pytest.fixture(scope="module")
def tuned_lm(tmp_path_factory) -> Path:
    """The tiny GPT-2 fine-tuned on SENTENCES until it knows where each one ends."""
    tmp = tmp_path_factory.mktemp("lm")
    base = build_tiny_gpt2(tmp / "base", SENTENCES)
    metrics = fine_tune_lm("tiny", lm_settings(model=str(base)), str(base), SENTENCES, SENTENCES[:8],
                           tmp / "tuned", tmp / "metrics.json", tmp / "curve.csv", tmp / "resume.pt")
    assert metrics["dev_perplexity"] < metrics["dev_perplexity_before"] / 2
    return tmp / "tuned"


def test_fine_tuning_sequences_end_with_eos(tmp_path):
    tokenizer, _ = load_lm(str(build_tiny_gpt2(tmp_path / "base", SENTENCES)))
    encoded = encode_sentences(tokenizer, ["two b c", "four g h i j"], max_length=4)
    eos = tokenizer.eos_token_id
    assert encoded[0] == tokenizer("two b c", add_special_tokens=False)["input_ids"] + [eos]
    assert len(encoded[1]) == 4 and encoded[1][-1] == eos  # cut to max_length, EOS kept last


def test_prefix_distribution_is_the_first_tokens_frequency(tmp_path):
    tokenizer, _ = load_lm(str(build_tiny_gpt2(tmp_path / "base", SENTENCES)))
    distribution = first_token_distribution(tokenizer, ["one a", "one b c", "two a", "three d e f"])
    first = {w: tokenizer.convert_tokens_to_ids(w) for w in ("one", "two", "three")}
    assert distribution[first["one"]] == pytest.approx(0.5)
    assert distribution[first["two"]] == pytest.approx(0.25) and distribution[first["three"]] == pytest.approx(0.25)
    assert distribution.sum() == pytest.approx(1.0)
    drawn = draw_prefixes(distribution, 4000, np.random.default_rng(0))
    assert set(drawn) == set(first.values())
    assert np.mean(drawn == first["one"]) == pytest.approx(0.5, abs=0.03)


def test_batched_kv_cache_sampling_matches_generate_greedily(tuned_lm):
    """With top-k 1 sampling is greedy decoding: each sample must equal transformers' `generate` run on
    its prefix alone, although the batch's rows finish at different steps and leave the cache."""
    from bert_distil.transfer.sampling import logits_warpers

    tokenizer, model = load_lm(str(tuned_lm))
    model.eval()
    prefixes = [tokenizer.convert_tokens_to_ids(w) for w in ("four", "one", "three", "two", "one", "four")]
    eos = tokenizer.eos_token_id
    ours = sample_token_ids(model, prefixes, eos, max_tokens=8, batch_size=4,
                            generator=torch.Generator().manual_seed(0), warpers=logits_warpers(top_k=1))
    for prefix, sample in zip(prefixes, ours):
        reference = model.generate(torch.tensor([[prefix]]), do_sample=False, max_new_tokens=7,
                                   eos_token_id=eos, pad_token_id=eos)[0].tolist()
        assert sample == [t for t in reference if t != eos]
    assert sorted({len(s) for s in ours}) == [2, 3, 4, 5]  # rows did finish at different steps
    assert [tokenizer.decode(s) for s in ours[:2]] == ["four g h i j", "one a"]


def test_ancestral_samples_stop_at_eos_or_max_tokens(tuned_lm, tmp_path):
    tokenizer, tuned = load_lm(str(tuned_lm))
    eos = tokenizer.eos_token_id
    samples = sample_token_ids(tuned.eval(), [tokenizer.convert_tokens_to_ids("four")] * 40, eos, 16, 16,
                               torch.Generator().manual_seed(1))
    # the tuned LM has learnt where sentences end: samples stop at EOS, long before max_tokens
    assert all(eos not in s for s in samples) and max(len(s) for s in samples) < 16
    assert np.mean([tokenizer.decode(s) == "four g h i j" for s in samples]) > 0.8

    _, untrained = load_lm(str(build_tiny_gpt2(tmp_path / "base", SENTENCES)))
    samples = sample_token_ids(untrained.eval(), [2] * 64, eos, 5, 16, torch.Generator().manual_seed(1))
    lengths = [len(s) for s in samples]
    assert max(lengths) == 5 and min(lengths) < 5 and all(eos not in s for s in samples)


def test_shards_are_seeded_reproducible_and_cleaned(tmp_path):
    tokenizer, model = load_lm(str(build_tiny_gpt2(tmp_path / "base", SENTENCES)))  # untrained: varied samples
    model.eval()
    settings = SampleSettings(samples=41, max_tokens=6, batch_size=8, seed=3)
    first = sample_lm_shard(model, tokenizer, SENTENCES, settings, 0, 2, "lm", progress=False)
    again = sample_lm_shard(model, tokenizer, SENTENCES, settings, 0, 2, "lm", progress=False)
    other = sample_lm_shard(model, tokenizer, SENTENCES, settings, 1, 2, "lm", progress=False)
    reseeded = sample_lm_shard(model, tokenizer, SENTENCES, SampleSettings(**{**vars(settings), "seed": 4}), 0, 2,
                            "lm", progress=False)
    assert first.equals(again) and len(first) > 10
    assert not first["sentence"].equals(other["sentence"]) and not first["sentence"].equals(reseeded["sentence"])
    assert list(first.columns) == ["id", "sentence", "source"] and first["id"].is_unique
    assert all(i.startswith("lm-1-") for i in first["id"]) and all(i.startswith("lm-2-") for i in other["id"])
    # cleaned: no empty, repeated or training sentence is left
    assert first["sentence"].is_unique and (first["sentence"].str.len() > 0).all()
    assert not set(first["sentence"]) & set(SENTENCES)
    assert max(int(i.rsplit("-", 1)[1]) for i in first["id"]) < 21  # 41 samples: 21 in shard 1, 20 in shard 2


def test_cleaning_rules():
    keep, dropped = clean_samples(["  A  new   line\n", "", "a new line", "one a", "Fresh words ."],
                                  training_sentences=["One a"])
    assert keep == [0, 4]
    assert dropped == {"empty": 1, "duplicate": 1, "training_sentence": 1}
