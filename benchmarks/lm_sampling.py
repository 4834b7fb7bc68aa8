"""LM sampling as built vs a per-sentence `generate` loop, side by side in one process.

As built (`sampling.sample_token_ids`): many sequences at once with the KV cache, finished rows dropped from
the batch, one uniform draw per row to pick a token. Per-sentence loop: transformers' `generate(do_sample=True)`
on one prefix at a time (it also uses the KV cache). Same model, precision, prefixes drawn from the training
sentences' first tokens, pure ancestral sampling, same max_tokens. Prints sentences/s and tokens/s of each
and their ratios (sample lengths differ between runs, so tokens/s is the fairer of the two), plus the as-built
sampler in fp32 to separate batching from bf16.

    .venv/bin/python benchmarks/lm_sampling.py [--model results/rt/lm/model] [--batched 512] [--single 32]
"""
import argparse
import time

import numpy as np
import pandas as pd
import torch

from bert_distil.lm import load_lm
from bert_distil.sampling import draw_prefixes, first_token_distribution, sample_token_ids


def per_sentence(model, tokenizer, prefixes, max_tokens):
    out = []
    with torch.inference_mode():
        for prefix in prefixes:
            ids = model.generate(torch.tensor([[int(prefix)]]), do_sample=True, top_k=0, top_p=1.0,
                                 temperature=1.0, max_new_tokens=max_tokens - 1,
                                 eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.eos_token_id)
            out.append([t for t in ids[0].tolist() if t != tokenizer.eos_token_id])
    return out


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def report(name, samples, seconds):
    tokens = sum(len(s) for s in samples)
    print(f"{name:<34} {len(samples):>5} samples  {seconds:7.1f} s  {len(samples) / seconds:7.2f} sent/s  "
          f"{tokens / seconds:8.1f} tokens/s  ({tokens / len(samples):.1f} tokens/sample)")
    return len(samples) / seconds, tokens / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="results/rt/lm/model")
    parser.add_argument("--train", default="resources/data/rt/train.parquet")
    parser.add_argument("--batched", type=int, default=512, help="samples drawn by the batched sampler")
    parser.add_argument("--single", type=int, default=32, help="samples drawn one at a time with generate")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--precision", choices=["bf16", "fp32"], default="bf16")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    dtype = torch.bfloat16 if args.precision == "bf16" else torch.float32
    tokenizer, model = load_lm(args.model, dtype=dtype)
    model.eval()
    distribution = first_token_distribution(tokenizer, pd.read_parquet(args.train)["sentence"].tolist())
    prefixes = draw_prefixes(distribution, args.batched, np.random.default_rng(0))
    print(f"model {args.model} ({args.precision}), {args.threads} threads, max_tokens {args.max_tokens}")

    batched, seconds = timed(lambda: sample_token_ids(model, prefixes, tokenizer.eos_token_id, args.max_tokens,
                                                      args.batch_size, torch.Generator().manual_seed(0)))
    built = report(f"as built (batch {args.batch_size}, {args.precision})", batched, seconds)
    torch.manual_seed(0)
    single, seconds = timed(lambda: per_sentence(model, tokenizer, prefixes[:args.single], args.max_tokens))
    loop = report(f"per-sentence generate ({args.precision})", single, seconds)
    print(f"ratio as built / per-sentence: {built[0] / loop[0]:.1f}x sentences/s, {built[1] / loop[1]:.1f}x tokens/s")
    if args.precision == "bf16":
        _, fp32 = load_lm(args.model)
        fp32.eval()
        few = prefixes[:args.batch_size]
        out, seconds = timed(lambda: sample_token_ids(fp32, few, tokenizer.eos_token_id, args.max_tokens,
                                                      args.batch_size, torch.Generator().manual_seed(0)))
        report(f"as built (batch {args.batch_size}, fp32)", out, seconds)


if __name__ == "__main__":
    main()
