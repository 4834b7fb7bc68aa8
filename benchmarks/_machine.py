"""What a benchmark ran on and which precisions it times there, shared by the scripts in benchmarks/ (they
run as `.venv/bin/python benchmarks/X.py`, which puts this folder on the import path)."""
import torch

from bert_distil import precision

AUTO = precision.resolve("auto", "cpu")


def machine_line() -> str:
    """CPU model, PyTorch's kernel level, native bf16, what `auto` becomes, threads: a timing means little
    without them (bf16 is ~2x faster than fp32 on an AMX/AVX512-BF16 CPU and ~100x slower on an AVX2 one)."""
    return (f"CPU {precision.cpu_model()}, PyTorch CPU capability {precision.capability('cpu')}, "
            f"native bf16: {'yes' if precision.native_bf16('cpu') else 'no'}, auto -> {AUTO}, "
            f"{torch.get_num_threads()} threads")


def compared_precisions(force_bf16: bool = False) -> list[str]:
    """The resolved precisions to time side by side: fp32 always, bf16 where native (or forced). `auto` is
    one of them, so it is named (`label`) rather than timed twice; prints what was left out and why."""
    if AUTO == "bf16":
        print("auto = bf16 here (native bf16): timing auto (bf16) against fp32")
        return ["fp32", "bf16"]
    if force_bf16:
        print("auto = fp32 here; bf16 timed anyway (--force-bf16): it is emulated on this CPU")
        return ["fp32", "bf16"]
    print("auto = fp32 here; bf16 skipped: this CPU emulates it, 10-100x slower than fp32 "
          "(--force-bf16 times it anyway)")
    return ["fp32"]


def label(resolved: str) -> str:
    """A resolved precision as a timed row names it, e.g. `bf16 (auto)`."""
    return f"{resolved} (auto)" if resolved == AUTO else resolved
