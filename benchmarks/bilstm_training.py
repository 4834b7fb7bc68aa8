"""Training speed of the BiLSTM student as built (padded batches, one LSTM op per direction) against the
same model reading packed sequences (nn.LSTM with pack_padded_sequence, as the student did before), side
by side in one process: the same weights, the same length-grouped batches of real sentences, forward +
backward + the fused Adam step, in fp32 and, where bf16 is native (or with --force-bf16), bf16 autocast.
Also checks that both readings give the same sentence states.

    .venv/bin/python benchmarks/bilstm_training.py [--transfer results/rt/transfer/rules+lm/shard-1-of-2.parquet]
"""
import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from _machine import compared_precisions, label, machine_line
from bert_distil.precision import autocast
from bert_distil.students.inputs import WordLevelInput
from bert_distil.students.models.bilstm import BiLSTMClassifier
from bert_distil.students.vocab import Vocabulary
from bert_distil.training.batching import training_batches
from bert_distil.training.optim import make_optimizer
from bert_distil.transfer.words import word_tokens


class PackedBiLSTM(BiLSTMClassifier):
    """The same student reading packed sequences on the CPU too (its GPU reading)."""

    def encode(self, token_ids, lengths):
        return self._encode_packed(token_ids, lengths)


def seconds_per_step(model, inputs, encoded, batches, precision) -> float:
    optimizer = make_optimizer(model.parameters(), "adam", 2e-3)
    started = None
    for index, batch in enumerate(batches):
        if index == 2:  # two warm-up steps
            started = time.perf_counter()
        with autocast(precision, "cpu"):
            loss = model(*inputs.collate([encoded[i] for i in batch], torch.device("cpu"))).float().square().mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    return (time.perf_counter() - started) / (len(batches) - 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfer", default="results/rt/transfer/rules+lm/shard-1-of-2.parquet",
                        help="sentences to train on (falls back to the rt training split, then to made-up ones)")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--hidden", type=int, default=150)
    parser.add_argument("--embedding-dim", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--force-bf16", action="store_true", help="time bf16 also where it is emulated")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(machine_line())
    precisions = compared_precisions(args.force_bf16)
    source = next((p for p in (args.transfer, "resources/data/rt/train.parquet") if Path(p).exists()), None)
    if source:
        sentences = pd.read_parquet(source)["sentence"].tolist()
    else:
        rng = np.random.default_rng(0)
        sentences = [" ".join(f"w{k}" for k in rng.integers(0, 5000, rng.integers(3, 40))) for _ in range(20000)]
    sentences = sentences[:args.steps * args.batch_size * 4]
    vocab = Vocabulary.build(word_tokens(s) for s in sentences)
    inputs = WordLevelInput(vocab)
    encoded = inputs.encode(sentences)
    lengths = np.array([len(e) for e in encoded])
    batches = training_batches(len(encoded), args.batch_size, 0, 0, lengths)[:args.steps]
    if len(batches) < 3:
        raise SystemExit(f"{len(batches)} batches: the timing needs at least 3 (2 warm-up steps)")
    print(f"{len(sentences)} sentences of {source or 'made-up words'} (mean {lengths.mean():.1f} words), "
          f"batch {args.batch_size}, {len(batches)} length-grouped batches, vocabulary {len(vocab)}, "
          f"BiLSTM 1x{args.hidden} on {args.embedding_dim}-d multichannel embeddings")
    vectors = torch.randn(len(vocab), args.embedding_dim)
    torch.manual_seed(0)
    padded = BiLSTMClassifier(vectors, 2, hidden=args.hidden, fc=200)
    packed = PackedBiLSTM(vectors, 2, hidden=args.hidden, fc=200)
    packed.load_state_dict(padded.state_dict())
    probe = inputs.collate(encoded[:64], torch.device("cpu"))  # with gradients: the padded reading trains so
    difference = (padded.encode(*probe)[1] - packed.encode(*probe)[1]).abs().max().item()
    print(f"same sentence states: max |difference| {difference:.2g}")
    for precision in precisions:
        timed = {name: seconds_per_step(model, inputs, encoded, batches, precision)  # padded first, then packed
                 for name, model in (("padded, as built", padded), ("packed sequences", packed))}
        for name, seconds in timed.items():
            print(f"{label(precision):12s} {name:18s} {1000 * seconds:7.1f} ms/step")
        print(f"{label(precision):12s} speed-up of the padded reading: "
              f"{timed['packed sequences'] / timed['padded, as built']:.2f}x")


if __name__ == "__main__":
    main()
