"""The cross-field config checks (bert_distil.config): each problem is reported naming the fields
involved, and the workflow stops on it while it builds the DAG, before any job has run."""
import copy

import pytest
import yaml
from snakemake.utils import validate

from bert_distil.config import ConfigError, all_students, check_config, fail_on, teacher_candidates

from conftest import REPO, run_snakemake, write_config

SCHEMA = str(REPO / "workflow/schemas/config.schema.yaml")
DEFAULT = yaml.safe_load((REPO / "config/config.yaml").read_text())


def problems_of(change) -> list[str]:
    config = copy.deepcopy(DEFAULT)
    change(config)
    validate(config, SCHEMA)  # the schema's defaults, as the workflow fills them in
    return check_config(config, all_students(config))


def with_bert_student(config):
    """The default trains `bert_small` through an overlay (config/experiments/rt-bert-student.yaml)."""
    config["tasks"]["rt"]["run_students"] = ["bilstm", "bert_small", "bilstm_gold"]


def test_the_default_config_has_no_problems():
    assert problems_of(lambda c: None) == []


@pytest.mark.parametrize("change, message", [
    (lambda c: c.update(targets=["rt", "sst5"]), "targets: 'sst5' is not defined under `tasks`"),
    (lambda c: c["transfer_sets"].update(big={"components": ["train", "gpt"]}),
     "transfer_sets.big: component 'gpt' is neither `train` nor under `augmentation`"),
    (lambda c: c["transfer_sets"].update(small={"base": "rules+gpt", "variant": "frac", "fraction": 0.1}),
     "transfer_sets.small: base 'rules+gpt' is not defined under `transfer_sets`"),
    (lambda c: c["transfer_sets"].update(self={"base": "self", "variant": "shuffled"}),
     "transfer_sets.self: a set cannot be a variant of itself"),
    (lambda c: c["transfer_sets"].update(small={"base": "rules", "variant": "frac"}),
     "transfer_sets.small: `fraction` goes with `variant: frac`, and only with it"),
    (lambda c: c["tasks"]["rt"].update(students={"lstm": {"hidden": 4}}),
     "tasks.rt.students: 'lstm' is not defined under `students`"),
    (lambda c: c["tasks"]["rt"].update(students={"bilstm": {"loss": "kl"}}),
     "tasks.rt.students.bilstm: 'loss' cannot be overridden"),
    (lambda c: c["students"]["bilstm"].update(transfer="rules+gpt"),
     "students.bilstm (task rt): transfer set 'rules+gpt' is not defined under `transfer_sets`"),
    (lambda c: c["students"]["bilstm_gold"].update(word_vectors="word2vec"),
     "students.bilstm_gold (task rt): word_vectors 'word2vec' is not defined under `word_vectors`"),
    (lambda c: (with_bert_student(c), c["students"]["bert_small"].update(hidden=100, heads=3)),
     "students.bert_small (task rt): hidden 100 is not a multiple of heads 3"),
    (lambda c: c["probing"].update(models=["teacher", "lstm"]),
     "probing.models: 'lstm' is neither `teacher` nor a student under `students`"),
    (lambda c: c["teacher"].update(warmup_epochs=1.0),
     "task rt: teacher.warmup_epochs (1.0) and teacher.warmup_proportion (0.1) are both set"),
    (lambda c: c["tasks"]["rt"].update(teacher={"warmup_epochs": 2}),
     "task rt: teacher.warmup_epochs (2) and teacher.warmup_proportion (0.1) are both set"),
    (lambda c: c["students"]["bilstm"].update(warmup_epochs=1.0, warmup_proportion=0.1),
     "task rt: students.bilstm.warmup_epochs (1.0) and students.bilstm.warmup_proportion (0.1) are both set"),
    (lambda c: (with_bert_student(c), c["tasks"]["rt"].update(source="wiki-next"),
                c["augmentation"].update(notes={"kind": "text", "format": "lines", "path": "notes.txt"}),
                c["transfer_sets"]["rules+lm"].update(components=["train", "notes"])),
     "students.bert_small (task rt): transfer set 'rules+lm-sixth' includes augmentation 'notes' (kind: text), "
     "which holds single sentences, but task rt is a sentence-pair task"),
    (lambda c: c["tasks"]["rt"].update(teacher={"lr": [5e-5, 1e-4, 5e-5]}),
     "task rt: teacher.lr lists [5e-05, 0.0001, 5e-05] twice over"),
])
def test_each_cross_field_problem_names_its_fields(change, message):
    assert any(p.startswith(message) for p in problems_of(change)), problems_of(change)


def test_a_warmup_in_epochs_with_the_proportion_nulled_is_fine():
    assert problems_of(lambda c: c["teacher"].update(warmup_epochs=1.0, warmup_proportion=None)) == []


@pytest.mark.parametrize("sweep, message", [
    ({"student": "lstm", "grid": [{"hidden": 4}]}, "sweeps.width: student 'lstm' is not defined under `students`"),
    ({"student": "bilstm", "grid": [{"hidden": 4}, {"layers": 2}]},
     "sweeps.width.grid row 2: fields ['layers'] differ from row 1's ['hidden']"),
    ({"student": "bilstm", "grid": [{"arch": "bert"}]}, "sweeps.width.grid row 1: 'arch' cannot be overridden"),
    ({"student": "bilstm", "grid": [{"hidden": 4}, {"hidden": "wide"}]},
     "sweeps.width.grid row 2: hidden='wide' should be of the same type as 150"),
])
def test_sweep_problems_stop_before_the_students_are_made(sweep, message):
    config = copy.deepcopy(DEFAULT)
    config["sweeps"] = {"width": sweep}
    validate(config, SCHEMA)
    with pytest.raises(ConfigError, match="config:\n  ") as error:
        all_students(config)
    assert message in str(error.value)


def test_problems_are_raised_together_one_per_line():
    with pytest.raises(ConfigError) as error:
        fail_on(["a: first", "b: second"])
    assert str(error.value) == "config:\n  a: first\n  b: second"


def test_warmup_conflict_stops_the_workflow_when_the_dag_is_built(tmp_path):
    """Before, this failed inside the teacher's job, after data preparation had run. (Every other check
    runs at the same place, `check_config` in common.smk; test_config checks an undefined target there.)"""
    config = copy.deepcopy(DEFAULT)
    config["tasks"]["rt"]["teacher"] = {"warmup_epochs": 1}
    result = run_snakemake(tmp_path, write_config(tmp_path / "c.yaml", config), "--dry-run", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "teacher.warmup_epochs (1) and teacher.warmup_proportion (0.1) are both set" in output
    assert not (tmp_path / "resources").exists() and not (tmp_path / "results").exists()


def test_teacher_grid_candidates_are_the_combinations_of_the_listed_fields():
    config = copy.deepcopy(DEFAULT)
    validate(config, SCHEMA)
    assert teacher_candidates(config, "rt") == {}  # no list: one teacher, trained directly
    config["tasks"]["rt"]["teacher"] = {"lr": [5e-5, 1e-4], "epochs": [10, 20]}
    validate(config, SCHEMA)
    candidates = teacher_candidates(config, "rt")
    assert list(candidates) == ["lr~5e-05_epochs~10", "lr~5e-05_epochs~20", "lr~0.0001_epochs~10",
                                "lr~0.0001_epochs~20"]
    chosen = candidates["lr~0.0001_epochs~20"]
    assert chosen["lr"] == 1e-4 and chosen["epochs"] == 20 and isinstance(chosen["epochs"], int)
    assert chosen["batch_size"] == DEFAULT["teacher"]["batch_size"]  # the fields not listed stay as they are
