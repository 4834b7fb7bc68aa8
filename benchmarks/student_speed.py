"""Inference speed of a trained student (BiLSTM or BERT) vs the configured teacher and a BERT-large-shaped model
(random weights: speed does not depend on them; this is the seeds' comparison), side by side in one
process on the same sentences: fp32, model forward only (inputs tokenised beforehand), same batch size.

    .venv/bin/python benchmarks/student_speed.py [--student results/rt/bilstm/seed-1/model.pt]
"""
import argparse

import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, BertConfig, BertForSequenceClassification

from bert_distil.hf import resolve_model_path
from bert_distil.inference import classifier_logits, tokenize
from bert_distil.speed import sentences_per_second
from bert_distil.student import load_student, predict


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", default="results/rt/bilstm/seed-1/model.pt")
    parser.add_argument("--teacher", default="results/rt/teacher/model")
    parser.add_argument("--data", default="resources/data/rt/test.parquet")
    parser.add_argument("--sentences", type=int, default=512)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    sentences = pd.read_parquet(args.data)["sentence"].tolist()[:args.sentences]
    student, inputs = load_student(args.student)
    encoded = inputs.encode(sentences)
    teacher_path = resolve_model_path(args.teacher)
    tokenizer = AutoTokenizer.from_pretrained(teacher_path)
    teacher = AutoModelForSequenceClassification.from_pretrained(teacher_path).eval()
    ids = tokenize(tokenizer, sentences, 128)
    large = BertForSequenceClassification(BertConfig(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                                                     intermediate_size=4096, num_labels=2)).eval()

    student_name = f"student ({student.__class__.__name__})"
    rates = {
        student_name: sentences_per_second(lambda: predict(student, inputs, encoded, args.batch_size), len(sentences)),
        f"teacher ({teacher.config.num_hidden_layers}L/{teacher.config.hidden_size})": sentences_per_second(
            lambda: classifier_logits(teacher, tokenizer, ids, args.batch_size), len(sentences)),
        "BERT-large shape (24L/1024, random)": sentences_per_second(
            lambda: classifier_logits(large, tokenizer, ids, args.batch_size), len(sentences), min_seconds=0),
    }
    print(f"{len(sentences)} sentences of {args.data}, batch {args.batch_size}, fp32, {args.threads} threads")
    student_rate = rates[student_name]
    for name, rate in rates.items():
        print(f"{name:38s} {rate:9.1f} sentences/s   student speed-up {student_rate / rate:8.1f}x")


if __name__ == "__main__":
    main()
