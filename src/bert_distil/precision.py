"""Numeric precision of a job, resolved on the device the job runs on.

Every stage takes `precision: auto | fp32 | bf16`. `auto` becomes bf16 only where the hardware computes in
bf16 natively (CUDA devices with bf16 units; CPUs whose oneDNN kernels use AMX or AVX512-BF16) and fp32
everywhere else: on an AVX2-only CPU (many laptops and cloud VMs) bf16 is emulated, and a 1024² matmul
under bf16 autocast runs ~100x slower than in fp32 (`benchmarks/precision.py` measures it). An explicit
`bf16` is obeyed everywhere, with a warning in the job log where it is emulated.

The config keeps what was asked (so the DAG and its parameters do not depend on the machine); each job
records what it resolved to, next to the hardware it ran on (`hardware`).
"""
from __future__ import annotations

import contextlib
import logging
import platform
from pathlib import Path

import torch

log = logging.getLogger(__name__)

PRECISIONS = ("auto", "fp32", "bf16")


def native_bf16(device: torch.device | str) -> bool:
    """Whether `device` executes bf16 matmuls natively rather than by emulation."""
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported(including_emulation=False)
    if device.type != "cpu":
        return False
    # cpuinfo says what the chip has; oneDNN says whether its bf16 kernels will be used (it can be capped
    # below the chip, e.g. ONEDNN_MAX_CPU_ISA=AVX2). Both must agree: AVX-512 without the BF16 extension
    # passes oneDNN's check but still converts every operand in software.
    has_units = torch.cpu._is_amx_tile_supported() or torch.cpu._is_avx512_bf16_supported()
    return bool(has_units and onednn_bf16())


def onednn_bf16() -> bool:
    """Whether oneDNN (PyTorch's CPU matmul library) runs bf16 kernels on this CPU at its effective ISA."""
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def resolve(requested: str, device: torch.device | str) -> str:
    """The precision a job on `device` runs in: `auto` → bf16 where native, else fp32; fp32 and bf16 as
    asked (bf16 on emulating hardware with a warning that says what it costs)."""
    if requested not in PRECISIONS:
        raise ValueError(f"unknown precision {requested!r} (one of {', '.join(PRECISIONS)})")
    native = native_bf16(device)
    resolved = ("bf16" if native else "fp32") if requested == "auto" else requested
    if resolved == "bf16" and not native:
        log.warning("precision bf16 on %s, which has no native bf16 (%s): bf16 is emulated there, 5-100x "
                    "slower than fp32 (a matmul ~100x, a BERT forward ~7x). Set precision: auto or fp32 to avoid it.",
                    device_name(device), capability(device))
    log.info("precision: %s requested, %s on %s (%s, native bf16: %s)", requested, resolved,
             device_name(device), capability(device), native)
    return resolved


def autocast(precision: str, device: torch.device) -> contextlib.AbstractContextManager:
    """bf16 autocast (fp32 master weights) for a resolved precision; nothing for fp32."""
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    if precision != "fp32":
        raise ValueError(f"precision {precision!r} is not resolved (fp32 or bf16; resolve 'auto' first)")
    return contextlib.nullcontext()


def dtype(precision: str) -> torch.dtype:
    """Weight dtype for a resolved precision (models loaded in bf16, e.g. the LM sampler)."""
    return {"bf16": torch.bfloat16, "fp32": torch.float32}[precision]


def cpu_model() -> str:
    """The CPU's model name (`lscpu`'s "Model name"), or the platform's processor string."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def device_name(device: torch.device | str) -> str:
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return cpu_model()


def capability(device: torch.device | str) -> str:
    """PyTorch's CPU kernel level (AVX2, AVX512, ...) or the GPU's compute capability."""
    device = torch.device(device)
    if device.type == "cuda":
        return "sm_{}{}".format(*torch.cuda.get_device_capability(device))
    return torch.backends.cpu.get_cpu_capability()


def hardware(device: torch.device | str) -> dict[str, object]:
    """What a result records about the hardware it was computed on."""
    return {"device": str(torch.device(device)), "device_name": device_name(device),
            "capability": capability(device), "native_bf16": native_bf16(device)}
