"""The library's layout: loading a saved model imports no training code, and imports between the
subpackages only go down (shared modules < data < training < teacher < transfer < students < deploy <
reports < probing), so each room can be read without the ones above it."""
import ast
import subprocess
import sys

from conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "bert_distil"
TRAINING = ("bert_distil.training", "bert_distil.students.train", "bert_distil.teacher.finetune",
            "bert_distil.transfer.lm")
ORDER = ["", "data", "training", "teacher", "transfer", "students", "deploy", "reports", "probing"]  # "": shared modules


SAVED_MODEL_READERS = ["bert_distil.students.saved", "bert_distil.teacher.model", "bert_distil.reports.predictions",
                       "bert_distil.probing.encode", "bert_distil.deploy.predictor", "bert_distil.deploy.cli"]


def test_loading_a_saved_model_imports_no_training_code():
    code = (f"import sys, {', '.join(SAVED_MODEL_READERS)}\n"
            f"print([m for m in sys.modules if m.startswith({TRAINING!r})])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(SRC), "PATH": ""})
    assert result.stdout.strip() == "[]"


def imported_modules(path):
    """The bert_distil modules a file imports (relative imports resolved), with their line numbers."""
    parts = list(path.relative_to(SRC).with_suffix("").parts[:-1])  # the package the file is in
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = parts[:len(parts) - node.level + 1]
            yield ".".join(base + ([node.module] if node.module else [])), node.lineno
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bert_distil"):
            yield node.module, node.lineno


def room(module):
    """The subpackage a module belongs to ("" for the shared top-level modules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else ""


def test_imports_only_go_down():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":  # `python -m bert_distil`: an entry point, above every room
            continue
        own = room(".".join(path.relative_to(SRC).with_suffix("").parts))
        for module, line in imported_modules(path):
            if ORDER.index(room(module)) > ORDER.index(own):
                wrong.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    assert wrong == []
