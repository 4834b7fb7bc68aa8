"""LM sampling as built vs a per-sentence `generate` loop, side by side in one process.

As built (`sampling.sample_token_ids`): many sequences at once with the KV cache, finished rows dropped from
the batch, one uniform draw per row to pick a token. Per-sentence loop: transformers' `generate(do_sample=True)`
on one prefix at a time (it also uses the KV cache). Same model, precision (`--precision`, default
`auto`), prefixes drawn from the training sentences' first tokens, pure ancestral sampling, same max_tokens.
Prints sentences/s and tokens/s of each and their ratios (sample lengths differ between runs, so tokens/s is
the fairer of the two). The as-built sampler also runs on the same prefixes in fp32 and, where bf16 is native
(or with --force-bf16), in bf16 weights, to separate batching from precision.

    .venv/bin/python benchmarks/lm_sampling.py [--model results/rt/lm/model] [--batched 512] [--single 32]
"""
import argparse
import time

import numpy as np
import pandas as pd
import torch

from _machine import compared_precisions, label, machine_line
from bert_distil import precision
from bert_distil.transfer.lm import load_lm
from bert_distil.transfer.sampling import draw_prefixes, first_token_distribution, sample_token_ids


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
    print(f"{name:<36} {len(samples):>5} samples  {seconds:7.1f} s  {len(samples) / seconds:7.2f} sent/s  "
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
    parser.add_argument("--precision", choices=precision.PRECISIONS, default="auto",
                        help="precision of the per-sentence comparison")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--force-bf16", action="store_true", help="time bf16 also where it is emulated")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(machine_line())
    precisions = compared_precisions(args.force_bf16)
    chosen = precision.resolve(args.precision, "cpu")
    if chosen not in precisions:  # an explicit --precision bf16 is obeyed where emulated, as in the pipeline
        precisions.append(chosen)
    # the sampler runs a model in the dtype it is loaded in (bf16 weights, not autocast), so one copy each
    models = {}
    for resolved in precisions:
        tokenizer, models[resolved] = load_lm(args.model, dtype=precision.dtype(resolved))
        models[resolved].eval()
    distribution = first_token_distribution(tokenizer, pd.read_parquet(args.train)["sentence"].tolist())
    prefixes = draw_prefixes(distribution, args.batched, np.random.default_rng(0))
    print(f"model {args.model}, max_tokens {args.max_tokens}")

    built = {}
    for resolved in precisions:  # same prefixes and seed in every precision
        samples, seconds = timed(lambda: sample_token_ids(models[resolved], prefixes, tokenizer.eos_token_id,
                                                          args.max_tokens, args.batch_size,
                                                          torch.Generator().manual_seed(0)))
        built[resolved] = report(f"as built (batch {args.batch_size}, {label(resolved)})", samples, seconds)
    torch.manual_seed(0)
    single, seconds = timed(lambda: per_sentence(models[chosen], tokenizer, prefixes[:args.single], args.max_tokens))
    loop = report(f"per-sentence generate ({label(chosen)})", single, seconds)
    print(f"ratio as built / per-sentence ({chosen}): {built[chosen][0] / loop[0]:.1f}x sentences/s, "
          f"{built[chosen][1] / loop[1]:.1f}x tokens/s")
    if "bf16" in built:
        print(f"ratio as built bf16 / fp32: {built['bf16'][1] / built['fp32'][1]:.2f}x tokens/s")


if __name__ == "__main__":
    main()
