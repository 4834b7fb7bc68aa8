"""Training, shared by every model that is trained (teacher, LM, BiLSTM and BERT students).

- `loop`: the one training loop (`fit`): dev evaluation, best state, resumable checkpoints, seeding
- `batching`: training batch order, a pure function of (seed, epoch), length-grouped
- `optim`: optimisers (`OPTIMIZERS`) and warm-up / decay schedules
- `losses`: distillation and gold-label losses (`LOSSES`), mixed through `alpha`
- `metrics`: task metrics (`METRICS`) on a 0-100 scale
- `finish`: the end of a run: best state, model saved, curve, metrics.json with `run`, checkpoint deleted
"""
