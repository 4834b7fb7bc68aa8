"""LM-generated transfer sentences (Tang & Lin; Sučík): a first token drawn from the empirical distribution
of the training sentences' first tokens, then ancestral sampling (pure by default; temperature, top-k and
top-p through transformers' logits warpers) until EOS or `max_tokens`.

Sampling is batched with the KV cache. Every sequence starts from a single token, so all rows of a batch
have the same length at every step and need neither padding nor attention masks; a row that reaches EOS
is dropped from the batch and from its cache, so each step computes only unfinished sequences.

Sentence pairs: the LM is fine-tuned on both texts joined by `PAIR_SEPARATOR` (`lm_texts`), and each
sample is split at it; samples without exactly one separator, or with an empty side, are dropped and counted.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import torch
from tqdm import tqdm

from .words import sentence_key

log = logging.getLogger(__name__)

PAIR_SEPARATOR = " ||| "  # visible text (whitespace is normalised in samples), rare in real sentences


def lm_texts(frame: pd.DataFrame) -> list[str]:
    """What the LM reads of a task's split: each sentence, or each pair as `first ||| second`."""
    if "sentence2" not in frame.columns:
        return frame["sentence"].tolist()
    return [f"{a}{PAIR_SEPARATOR}{b}" for a, b in zip(frame["sentence"], frame["sentence2"])]


def split_pairs(texts: Sequence[str]) -> tuple[list[int], list[tuple[str, str]]]:
    """(indices of the samples that split into two non-empty texts at exactly one separator, the pairs)."""
    keep, pairs = [], []
    separator = PAIR_SEPARATOR.strip()
    for i, text in enumerate(texts):
        parts = [p.strip() for p in text.split(separator)]
        if len(parts) == 2 and all(parts):
            keep.append(i)
            pairs.append((parts[0], parts[1]))
    return keep, pairs


@dataclass
class SampleSettings:
    """An `augmentation` entry of kind `lm` (descriptions in workflow/schemas/config.schema.yaml)."""
    samples: int
    temperature: float = 1.0
    top_k: int = 0
    top_p: float = 1.0
    max_tokens: int = 128
    batch_size: int = 128
    precision: str = "fp32"
    seed: int = 0


def first_token_distribution(tokenizer, sentences: Sequence[str]) -> pd.Series:
    """Probability of each token id being a training sentence's first LM token (index: token id)."""
    ids = tokenizer(list(sentences), add_special_tokens=False)["input_ids"]
    counts = Counter(tokens[0] for tokens in ids if tokens)
    if not counts:
        raise ValueError("no training sentence has a token: cannot draw sample prefixes")
    series = pd.Series(counts, dtype=float).sort_index()
    return series / series.sum()


def draw_prefixes(distribution: pd.Series, n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.choice(distribution.index.to_numpy(), size=n, p=distribution.to_numpy())


def logits_warpers(temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0):
    """transformers' warpers for the non-default settings (none at all for pure ancestral sampling)."""
    from transformers import LogitsProcessorList, TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

    warpers = LogitsProcessorList()
    if temperature != 1.0:
        warpers.append(TemperatureLogitsWarper(temperature))
    if top_k:
        warpers.append(TopKLogitsWarper(top_k))
    if top_p < 1.0:
        warpers.append(TopPLogitsWarper(top_p))
    return warpers


def draw_tokens(logits: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """One token per row from softmax(logits), by inverting the cumulative distribution with a single
    uniform number per row (same distribution as torch.multinomial, ~8× faster over a 49k vocabulary)."""
    cumulative = torch.softmax(logits.float(), dim=-1).cumsum(dim=-1)
    # drawn on the generator's device (the CPU), so a seed gives the same samples whatever runs the model
    u = (1.0 - torch.rand((logits.shape[0], 1), generator=generator)).to(logits.device) * cumulative[:, -1:]
    return torch.searchsorted(cumulative, u).clamp_max(logits.shape[-1] - 1)[:, 0]


@torch.inference_mode()
def sample_token_ids(model, prefixes: Sequence[int], eos_id: int, max_tokens: int, batch_size: int,
                     generator: torch.Generator, warpers=None, progress: bool = False) -> list[list[int]]:
    """Token ids of one sample per prefix (the prefix first, EOS not included), at most `max_tokens` long.
    Run the model in the precision it is loaded in (bf16 weights only where bf16 is native: `precision`)."""
    from transformers import DynamicCache

    device = next(model.parameters()).device
    samples: list[list[int]] = [[int(p)] for p in prefixes]
    bar = tqdm(total=len(samples), desc="samples", mininterval=10, disable=not progress)
    for start in range(0, len(samples), batch_size):
        rows = torch.arange(start, min(start + batch_size, len(samples)))
        step_input = torch.tensor([samples[r][0] for r in rows.tolist()], device=device)[:, None]
        cache = DynamicCache(config=model.config)
        for _ in range(max_tokens - 1):
            logits = model(input_ids=step_input, past_key_values=cache, use_cache=True).logits[:, -1]
            if warpers:
                logits = warpers(step_input, logits.float())
            tokens = draw_tokens(logits, generator).to(device)
            unfinished = tokens != eos_id
            for row, token, going in zip(rows.tolist(), tokens.tolist(), unfinished.tolist()):
                if going:
                    samples[row].append(token)
            if not bool(unfinished.all()):
                keep = unfinished.nonzero()[:, 0]
                bar.update(len(rows) - len(keep))
                if len(keep) == 0:
                    break
                cache.batch_select_indices(keep)
                rows, tokens = rows[keep.cpu()], tokens[keep]
            step_input = tokens[:, None]
        else:
            bar.update(len(rows))  # the rest stopped at max_tokens
    bar.close()
    return samples


_SPACES = re.compile(r"\s+")


def clean_samples(texts: Sequence[str], training_sentences: Sequence[str]) -> tuple[list[int], dict[str, int]]:
    """Indices of the samples to keep: whitespace collapsed and stripped; empty ones, repeats and copies of
    training sentences (compared as the students see them: lower-cased Treebank tokens) dropped."""
    training = {sentence_key(s) for s in training_sentences}
    seen: set[str] = set()
    keep, dropped = [], {"empty": 0, "duplicate": 0, "training_sentence": 0}
    for i, text in enumerate(texts):
        key = sentence_key(text)
        if not key:
            dropped["empty"] += 1
        elif key in training:
            dropped["training_sentence"] += 1
        elif key in seen:
            dropped["duplicate"] += 1
        else:
            seen.add(key)
            keep.append(i)
    return keep, dropped


def sample_lm_shard(model, tokenizer, training_sentences: Sequence[str], settings: SampleSettings, shard: int,
                 shards: int, name: str, progress: bool = True, pairs: bool = False) -> pd.DataFrame:
    """Shard `shard` (0-based) of `shards`: its share of `settings.samples`, seeded by (seed, shard), cleaned.
    Columns id, sentence, source (and sentence2 with `pairs`: `training_sentences` are then `lm_texts` of
    pairs and every sample is split at the separator); ids are `{name}-{shard}-{k}` with k counting
    generated samples."""
    count = settings.samples // shards + (shard < settings.samples % shards)
    rng = np.random.default_rng([settings.seed, shard])
    prefixes = draw_prefixes(first_token_distribution(tokenizer, training_sentences), count, rng)
    generator = torch.Generator().manual_seed(int(rng.integers(2**62)))
    ids = sample_token_ids(model, prefixes, tokenizer.eos_token_id, settings.max_tokens, settings.batch_size,
                           generator, logits_warpers(settings.temperature, settings.top_k, settings.top_p),
                           progress=progress)
    texts = [_SPACES.sub(" ", t).strip() for t in tokenizer.batch_decode(ids, skip_special_tokens=True)]
    keep, dropped = clean_samples(texts, training_sentences)
    columns = {"sentence": [texts[k] for k in keep]}
    if pairs:
        split_keep, split = split_pairs(columns["sentence"])
        dropped["no_single_separator"] = len(keep) - len(split_keep)
        keep = [keep[i] for i in split_keep]
        columns = {"sentence": [a for a, _ in split], "sentence2": [b for _, b in split]}
    lengths = np.array([len(t) for t in ids])
    log.info("shard %d/%d: %d samples, %.1f tokens on average (%d cut at %d); kept %d, dropped %s",
             shard + 1, shards, count, lengths.mean() if count else 0, int((lengths >= settings.max_tokens).sum()),
             settings.max_tokens, len(keep), dropped)
    return pd.DataFrame({"id": [f"{name}-{shard + 1}-{k}" for k in keep], **columns, "source": name})
