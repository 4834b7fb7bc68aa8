"""Every name list of the config schema is the key list of the registry (or tuple) that gives the names
their meaning, so a name added on one side only fails here; the teacher's fields are listed once in code
(`TeacherSettings`) and twice in the schema (its properties, and the names a task may override)."""
from dataclasses import fields

import pytest
import yaml

from bert_distil.data.sources import PARSERS
from bert_distil.precision import PRECISIONS
from bert_distil.probing.corpus import FORMATS
from bert_distil.probing.senteval import SHORT_NAMES
from bert_distil.probing.tasks import PROBING_TASKS
from bert_distil.students.inputs import EMBEDDINGS
from bert_distil.students.models import ARCHITECTURES
from bert_distil.students.models.embedding import EMBEDDING_MODES
from bert_distil.students.vocab import WORD_VECTOR_FORMATS
from bert_distil.teacher.finetune import TeacherSettings
from bert_distil.training.losses import LOSSES
from bert_distil.training.metrics import METRICS
from bert_distil.training.optim import OPTIMIZERS
from bert_distil.transfer.rules import TAGGERS
from bert_distil.transfer.text import TEXT_FORMATS
from bert_distil.transfer.variants import VARIANTS

from conftest import REPO

SCHEMA = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text())

# the schema path of every enum (`*` for "any name", `[if k]` for a branch of an allOf) -> what defines it
REGISTRIES = {
    # the three sample rules of the workflow (sample_rules, sample_lm, collect_text)
    "augmentation.*.kind": ("rules", "lm", "text"),
    "augmentation.*.[if 0].tagger": TAGGERS,
    "augmentation.*.[if 1].precision": PRECISIONS,
    "augmentation.*.[if 2].format": TEXT_FORMATS,
    "transfer_sets.*.variant": VARIANTS,
    "lm.optimizer": OPTIMIZERS,
    "lm.precision": PRECISIONS,
    "probing.tasks[]": PROBING_TASKS,
    "probing.source": ("built", "senteval"),  # the builder's rules or SentEval's download (probing.smk)
    "probing.precision": PRECISIONS,
    "probing.corpus.format": FORMATS,
    "logits.precision": PRECISIONS,
    "deploy.precision": PRECISIONS,
    "word_vectors.*.format": WORD_VECTOR_FORMATS,
    "students.*.arch": ARCHITECTURES,
    "students.*.loss": LOSSES,
    "students.*.embeddings": EMBEDDINGS,
    "students.*.embedding_mode": EMBEDDING_MODES,
    "students.*.optimizer": OPTIMIZERS,
    "students.*.precision": PRECISIONS,
    "tasks.*.metric": METRICS,
    "tasks.*.teacher{names}": tuple(f.name for f in fields(TeacherSettings)),
    "teacher.optimizer": OPTIMIZERS,
    "teacher.precision": PRECISIONS,
}


def schema_enums(node, path=""):
    """(path, enum values) of every enum in a schema node."""
    if not isinstance(node, dict):
        return
    if "enum" in node:
        yield path, node["enum"]
    for key, child in node.get("properties", {}).items():
        yield from schema_enums(child, f"{path}.{key}" if path else key)
    if isinstance(node.get("additionalProperties"), dict):
        yield from schema_enums(node["additionalProperties"], f"{path}.*")
    if isinstance(node.get("items"), dict):
        yield from schema_enums(node["items"], f"{path}[]")
    if isinstance(node.get("propertyNames"), dict) and "enum" in node["propertyNames"]:
        yield f"{path}{{names}}", node["propertyNames"]["enum"]
    for k, branch in enumerate(node.get("allOf", [])):
        yield from schema_enums(branch.get("then", {}), f"{path}.[if {k}]")


ENUMS = dict(schema_enums(SCHEMA))


def test_every_schema_enum_has_a_registry():
    assert set(ENUMS) == set(REGISTRIES)


@pytest.mark.parametrize("path", sorted(REGISTRIES))
def test_schema_enum_equals_registry_keys(path):
    assert sorted(ENUMS[path]) == sorted(REGISTRIES[path])


def test_data_sources_pattern_lists_the_parsers():
    pattern = SCHEMA["properties"]["tasks"]["additionalProperties"]["properties"]["source"]["pattern"]
    assert pattern == "^(" + "|".join(PARSERS) + "|hf:.+)$"


def test_probing_tasks_are_registered_in_senteval_order():
    """The order seeds each task's builder (and orders the figures), so it must not drift."""
    assert list(PROBING_TASKS) == list(SHORT_NAMES) == ENUMS["probing.tasks[]"]


def test_teacher_fields_agree():
    teacher = SCHEMA["properties"]["teacher"]["properties"]
    assert list(teacher) == [f.name for f in fields(TeacherSettings)] == ENUMS["tasks.*.teacher{names}"]


def test_an_unknown_name_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown architecture 'gru'; known: \['bert', 'bilstm'\]"):
        ARCHITECTURES["gru"]
