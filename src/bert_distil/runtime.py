"""What every rule's script does first and last: log to the rule's log file, pick threads and device,
and record provenance (package versions, git commit, config hash, the device and its model) next to each
result."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any


PACKAGES = ("torch", "transformers", "snakemake", "pandas", "pyarrow", "numpy", "scikit-learn", "gensim",
            "nltk", "spacy", "bert-distil")


def log_to(path: str | Path) -> None:
    """Send logging, warnings and stderr (tqdm progress, library messages) to the rule's log file.

    The redirect is made on file descriptor 2, so handlers that libraries bound to stderr at import time
    (transformers does) and C extensions write to the log as well."""
    stream = open(path, "a", buffering=1)
    sys.stderr.flush()
    os.dup2(stream.fileno(), 2)
    sys.stderr = stream
    logging.basicConfig(stream=stream, level=logging.INFO, force=True,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.captureWarnings(True)


# torch is imported where it is used: every job calls this module, and many (data, transfer sets, summaries)
# never touch torch, whose import alone costs seconds per job.
def device():
    import torch

    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def set_threads(threads: int) -> None:
    threads = max(1, int(threads))
    os.environ["OMP_NUM_THREADS"] = str(threads)  # read by a torch imported later in the job
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


def config_hash(settings: Any) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:16]


def data_digest(*parts: Any) -> str:
    """A digest of what a training run learns from (texts, token ids, labels, teacher logits), for a
    resumable checkpoint's fingerprint: settings and row counts alone would let a run resume a checkpoint
    made from other data of the same size (a student killed, its teacher retrained, the job rerun)."""
    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            digest.update(b"\x00none")
        elif hasattr(part, "dtype"):  # numpy arrays and (CPU) torch tensors
            array = part.numpy() if hasattr(part, "numpy") else part
            digest.update(f"{array.dtype}{array.shape}".encode())
            digest.update(array.tobytes())
        else:  # a sequence of texts or of token-id lists
            digest.update(json.dumps(list(part), default=str).encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def git_commit() -> str | None:
    try:
        here = Path(__file__).resolve().parent
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def provenance(settings: Any) -> dict[str, Any]:
    from .precision import hardware

    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {"config_hash": config_hash(settings), "git_commit": git_commit(), "python": sys.version.split()[0],
            "packages": versions, **hardware(device())}
