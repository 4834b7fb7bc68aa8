"""The shipped configs, and each overlay merged as its command merges it, validate against the schema;
invalid ones stop with a message naming the field.
The cross-field checks (names used but not defined, overrides, warm-up) are in test_config_checks."""
import copy

import pytest
import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import update_config, validate

from bert_distil.config import all_students, check_config

from conftest import REPO, run_snakemake, write_config

SCHEMA = str(REPO / "workflow/schemas/config.schema.yaml")


def load(name):
    return yaml.safe_load((REPO / "config" / name).read_text())


@pytest.mark.parametrize("name", ["config.yaml", "paper.yaml"])
def test_shipped_configs_are_valid_and_get_defaults(name):
    config = load(name)
    validate(config, SCHEMA)
    assert config["teacher"]["checkpoint_every"] == 200  # filled in from the schema's default
    for task in config["targets"]:
        assert task in config["tasks"]


@pytest.mark.parametrize("change, field", [
    (lambda c: c["teacher"].update(lr="fast"), "lr"),
    (lambda c: c["teacher"].update(epochs=0), "epochs"),
    (lambda c: c["teacher"].update(precision="fp8"), "precision"),
    (lambda c: c["tasks"]["rt"].update(metric="f2"), "metric"),
    (lambda c: c["tasks"]["rt"].update(source="csv"), "source"),
    (lambda c: c["tasks"]["rt"]["teacher"].update(learning_rate=1e-5), "learning_rate"),
    (lambda c: c.update(studnets={}), "studnets"),
    (lambda c: c["augmentation"]["lm"].update(n_iter=3), "n_iter"),  # a rules field on an lm entry
    (lambda c: c["augmentation"]["rules"].update(samples=3), "samples"),
    (lambda c: c["lm"].update(max_steps=0), "max_steps"),
])
def test_invalid_config_is_rejected_naming_the_field(change, field):
    config = load("config.yaml")
    config["tasks"]["rt"].setdefault("teacher", {})
    change(config)
    with pytest.raises(WorkflowError) as error:
        validate(copy.deepcopy(config), SCHEMA)
    assert field in str(error.value)


def test_workflow_refuses_invalid_config_before_running_anything(tmp_path):
    config = load("config.yaml")
    config["teacher"]["batch_size"] = -4
    configfile = write_config(tmp_path / "bad.yaml", config)
    result = run_snakemake(tmp_path, configfile, "--dry-run", check=False)
    assert result.returncode != 0
    assert "batch_size" in result.stdout + result.stderr and "-4" in result.stdout + result.stderr
    assert not (tmp_path / "resources").exists() and not (tmp_path / "results").exists()


def test_undefined_target_task_is_rejected(tmp_path):
    config = load("config.yaml")
    config["targets"] = ["rt", "sst5"]
    result = run_snakemake(tmp_path, write_config(tmp_path / "c.yaml", config), "--dry-run", check=False)
    assert result.returncode != 0 and "targets: 'sst5' is not defined under `tasks`" in result.stdout + result.stderr


# Each overlay with the files its documented command puts before it (Snakemake merges them left to right).
OVERLAYS = {
    "rt-sizes.yaml": [], "rt-seeds.yaml": [], "rt-bert-embeddings.yaml": [], "rt-transfer.yaml": [], "pairs.yaml": [],
    "rt-bert-student.yaml": [],
    "articles.yaml": [], "pairs-tries.yaml": ["pairs.yaml"], "articles-tries.yaml": ["articles.yaml"],
}


def test_every_overlay_is_listed():
    assert sorted(OVERLAYS) == sorted(p.name for p in (REPO / "config/experiments").glob("*.yaml"))


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_overlays_merged_as_documented_are_valid(overlay):
    config = load("config.yaml")
    for name in [*OVERLAYS[overlay], overlay]:
        update_config(config, load(f"experiments/{name}"))
    validate(config, SCHEMA)
    assert check_config(config, all_students(config)) == []
