"""The shared training loop: best-on-dev selection, patience, and exact resumption after an interruption."""
import numpy as np
import pytest
import torch

from bert_distil.training.batching import training_batches
from bert_distil.training.optim import make_optimizer, make_scheduler, optimizer_and_schedule, warmup_steps
from bert_distil.training.loop import LoopSettings, StoppedEarly, fit, seed_everything

X = torch.randn(200, 6, generator=torch.Generator().manual_seed(0))
Y = (X[:, 0] + 0.5 * X[:, 1] > 0).long()


def run(checkpoint=None, stop_after=None, epochs=3, patience=None):
    seed_everything(7)
    model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.Dropout(0.3), torch.nn.ReLU(),
                                torch.nn.Linear(16, 2))
    optimizer = make_optimizer(model.parameters(), "adam", 1e-2)
    steps_per_epoch = 200 // 16 + 1
    scheduler = make_scheduler(optimizer, steps_per_epoch * epochs, warmup_steps(steps_per_epoch, 39, 0.1))
    evaluations = []

    def evaluate(m):
        with torch.no_grad():
            accuracy = (m(X[150:]).argmax(1) == Y[150:]).float().mean().item()
        evaluations.append(accuracy)
        return {"accuracy": accuracy}

    result = fit(model, optimizer, scheduler,
                 batches_for_epoch=lambda e: training_batches(150, 16, seed=3, epoch=e),
                 compute_loss=lambda m, idx: torch.nn.functional.cross_entropy(m(X[idx]), Y[idx]),
                 evaluate=evaluate, select="accuracy",
                 settings=LoopSettings(epochs=epochs, checkpoint_every=4, eval_every=5, patience=patience),
                 checkpoint=checkpoint, fingerprint="run-a", stop_after_steps=stop_after)
    return result, evaluations


def test_best_state_is_the_best_dev_evaluation():
    result, evaluations = run()
    assert result.best_scores["accuracy"] == max(evaluations)
    assert len(result.curve) == len(evaluations)
    assert result.curve[-1]["epoch"] == 3


def test_interrupted_run_resumes_to_the_same_result(tmp_path):
    reference, _ = run()
    checkpoint = tmp_path / "resume.pt"
    with pytest.raises(StoppedEarly):
        run(checkpoint, stop_after=16)  # mid-epoch 2 (10 steps per epoch)
    resumed, _ = run(checkpoint)
    assert resumed.resumed_from_step == 16
    assert resumed.curve == reference.curve
    for name, tensor in reference.best_state.items():
        assert torch.equal(tensor, resumed.best_state[name]), name


def test_checkpoint_of_other_settings_is_ignored(tmp_path):
    checkpoint = tmp_path / "resume.pt"
    with pytest.raises(StoppedEarly):
        run(checkpoint, stop_after=8)
    saved = torch.load(checkpoint, weights_only=False)
    saved["fingerprint"] = "run-b"
    torch.save(saved, checkpoint)
    result, _ = run(checkpoint)
    assert result.resumed_from_step is None


def test_training_batches_are_a_function_of_seed_and_epoch():
    lengths = np.arange(100) % 17
    a = training_batches(100, 8, seed=1, epoch=2, lengths=lengths)
    b = training_batches(100, 8, seed=1, epoch=2, lengths=lengths)
    c = training_batches(100, 8, seed=1, epoch=3, lengths=lengths)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))
    assert sorted(np.concatenate(a).tolist()) == list(range(100))
    # grouped by length: within a batch lengths vary much less than overall
    assert np.mean([np.ptp(lengths[x]) for x in a]) < 0.5 * np.ptp(lengths)


@pytest.mark.parametrize("settings, betas, warmup, last_lr", [
    ({"optimizer": "adam", "betas": [0.8, 0.99], "warmup_epochs": 1.0, "warmup_proportion": None, "decay": True},
     (0.8, 0.99), 4, 0.0),
    ({"optimizer": "adamw", "warmup_proportion": 0.25, "warmup_epochs": None, "decay": False},
     (0.9, 0.999), 10, 1e-3),
])
def test_optimizer_settings_from_a_student_entry(settings, betas, warmup, last_lr):
    """100 examples in batches of 25 for 10 epochs = 40 steps; warm-up 1 epoch (4 steps) or 25 % (10)."""
    settings = {"lr": 1e-3, "weight_decay": 0.0, "epochs": 10, **settings}
    optimizer, scheduler = optimizer_and_schedule(torch.nn.Linear(2, 2).parameters(), settings, 100, 25)
    assert optimizer.param_groups[0]["betas"] == betas
    rates = []
    for _ in range(40):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr()[0])
    assert rates[warmup - 1] == pytest.approx(1e-3) and rates[warmup - 2] < 1e-3
    assert rates[-1] == pytest.approx(last_lr)


def test_patience_stops_before_the_cap_and_keeps_the_best_state():
    """With a learning rate this high dev accuracy plateaus within a few evaluations: the run must stop long
    before its 40-epoch cap, `patience` evaluations after its best one, and hand back that best state."""
    result, evaluations = run(epochs=40, patience=3)
    assert result.stop_reason == "patience"
    assert result.stopped_epoch < 40
    best = int(np.argmax(evaluations))  # the first of the best: later ties do not count as better
    assert len(evaluations) == best + 1 + 3
    assert result.best_scores["accuracy"] == evaluations[best]
    capped, _ = run(epochs=3)
    assert capped.stop_reason == "epochs" and capped.stopped_epoch == 3


def test_killed_run_with_patience_resumes_bit_identically(tmp_path):
    reference, _ = run(epochs=40, patience=3)
    assert reference.stop_reason == "patience"
    checkpoint = tmp_path / "resume.pt"
    kill_at = reference.best_step + 3  # after the best evaluation, before patience runs out: the count must survive
    kill_at += -kill_at % 4  # checkpoints every 4 steps
    assert kill_at < reference.curve[-1]["step"]
    with pytest.raises(StoppedEarly):
        run(checkpoint, stop_after=kill_at, epochs=40, patience=3)
    resumed, _ = run(checkpoint, epochs=40, patience=3)
    assert resumed.resumed_from_step == kill_at
    assert resumed.curve == reference.curve
    assert (resumed.stopped_epoch, resumed.stop_reason) == (reference.stopped_epoch, reference.stop_reason)
    for name, tensor in reference.best_state.items():
        assert torch.equal(tensor, resumed.best_state[name]), name


def test_a_cap_reached_while_dev_still_rises_is_logged(caplog):
    """With patience asked for and the best evaluation the last one, the run stopped at its budget, not at
    convergence: the log says so. A run whose best came earlier does not say it."""
    def train(scores):
        model = torch.nn.Linear(6, 2)
        optimizer = make_optimizer(model.parameters(), "adam", 1e-3)
        scheduler = make_scheduler(optimizer, 20, 0)
        rising = iter(scores)
        with caplog.at_level("WARNING", logger="bert_distil.training.loop"):
            caplog.clear()
            result = fit(model, optimizer, scheduler,
                         batches_for_epoch=lambda e: training_batches(40, 8, seed=3, epoch=e),
                         compute_loss=lambda m, idx: torch.nn.functional.cross_entropy(m(X[idx]), Y[idx]),
                         evaluate=lambda m: {"accuracy": next(rising)}, select="accuracy",
                         settings=LoopSettings(epochs=4, patience=3))
        return result, [r.getMessage() for r in caplog.records]

    result, messages = train([0.5, 0.6, 0.7, 0.8])
    assert result.stop_reason == "epochs" and result.best_epoch == 4
    assert any("still improving at the cap" in m for m in messages)
    result, messages = train([0.5, 0.8, 0.7, 0.7])
    assert result.stop_reason == "epochs" and result.best_epoch == 2
    assert not any("still improving" in m for m in messages)


def test_data_digest_tells_apart_training_data_of_the_same_size():
    """A checkpoint's fingerprint carries this digest: a student killed, its teacher retrained and the job
    rerun must not resume onto logits it was not trained on (same settings, same row count)."""
    from bert_distil.runtime import data_digest

    sentences, logits = ["a b", "c d"], np.array([[0.1, 0.9], [0.8, 0.2]], dtype=np.float32)
    same = data_digest(sentences, None, logits.copy(), torch.tensor([1, 0]))
    assert data_digest(sentences, None, logits, torch.tensor([1, 0])) == same
    other_logits = logits.copy()
    other_logits[1, 0] += 1e-3
    assert data_digest(sentences, None, other_logits, torch.tensor([1, 0])) != same
    assert data_digest(["a b", "c e"], None, logits, torch.tensor([1, 0])) != same
    assert data_digest(sentences, None, logits, torch.tensor([0, 1])) != same
    assert data_digest(sentences, ["x", "y"], logits, torch.tensor([1, 0])) != same  # a second text
    assert data_digest([[1, 2], [3]]) != data_digest([[1], [2, 3]])  # token-id lists keep their boundaries
