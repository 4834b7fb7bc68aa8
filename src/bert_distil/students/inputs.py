"""How a student reads sentences: token ids plus the vectors its embedding layer starts from.

- `word_vectors`: lower-cased Treebank words, a vocabulary built from the training sentences (the
  transfer set), pre-trained word vectors (OOV words ~ U(-0.25, 0.25)).
- `wordpiece`: the teacher's tokenizer and the teacher's input embedding matrix.
- `random`: the teacher's tokenizer, embeddings ~ N(0, 0.02) (BERT's initialiser) of the student's size.

Every input turns sentences into lists of ids (`encode`) and batches into (ids padded with 0, lengths)
(`collate`), which is what every student's forward takes. `state()` is what `model.pt` keeps to rebuild
the input without the teacher or the word vectors."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Sequence

import torch
from torch.nn.utils.rnn import pad_sequence

from ..transfer.words import word_tokens
from .vocab import Vocabulary, embedding_matrix, load_word_vectors

EMBEDDINGS = ("word_vectors", "wordpiece", "random")


def pad_batch(encoded: Sequence[Sequence[int]], run_device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """(ids right-padded with 0 to the longest sentence, lengths)."""
    lengths = torch.tensor([len(e) for e in encoded])
    ids = pad_sequence([torch.tensor(e, dtype=torch.long) for e in encoded], batch_first=True, padding_value=0)
    return ids.to(run_device), lengths


class WordLevelInput:
    """Sentences → word ids (vocabulary from the transfer set)."""

    def __init__(self, vocab: Vocabulary, max_length: int | None = None):
        self.vocab, self.max_length = vocab, max_length

    def encode(self, sentences: Sequence[str]) -> list[list[int]]:
        return [self.vocab.encode(word_tokens(s))[:self.max_length] for s in sentences]

    collate = staticmethod(pad_batch)

    def state(self) -> dict:
        return {"kind": "word_vectors", "vocab": self.vocab.words[2:], "max_length": self.max_length}


class WordpieceInput:
    """Sentences → the teacher tokenizer's ids ([CLS] … [SEP]); `[MASK]` in augmented sentences is the
    tokenizer's mask token."""

    def __init__(self, tokenizer, max_length: int):
        if tokenizer.pad_token_id != 0:
            raise ValueError(f"students pad with id 0, but this tokenizer's padding id is {tokenizer.pad_token_id}")
        self.tokenizer, self.max_length = tokenizer, max_length

    def encode(self, sentences: Sequence[str]) -> list[list[int]]:
        return self.tokenizer(list(sentences), truncation=True, max_length=self.max_length)["input_ids"]

    collate = staticmethod(pad_batch)

    def state(self) -> dict:
        with tempfile.TemporaryDirectory() as folder:
            self.tokenizer.save_pretrained(folder)
            files = {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}
        return {"kind": "wordpiece", "tokenizer_files": files, "max_length": self.max_length}


def build_inputs(entry: dict, sentences: Sequence[str], word_vectors: dict, teacher_dir: str | None,
                 seed: int) -> tuple[WordLevelInput | WordpieceInput, torch.Tensor]:
    """The student's input and the initial embedding vectors (vocabulary size × dimension)."""
    kind = entry["embeddings"]
    max_length = entry["max_length"] if entry["arch"] == "bert" else None
    if kind == "word_vectors":
        vocab = Vocabulary.build(word_tokens(s) for s in sentences)
        spec = word_vectors[entry["word_vectors"]]
        vectors = load_word_vectors(spec["source"], spec["format"], spec.get("limit"))
        matrix, _ = embedding_matrix(vocab, vectors, seed)
        return WordLevelInput(vocab, max_length), torch.from_numpy(matrix)
    if kind not in EMBEDDINGS:
        raise ValueError(f"unknown embeddings {kind!r}; known: {EMBEDDINGS}")
    if not teacher_dir:
        raise ValueError(f"{kind} embeddings need the teacher's tokenizer, but no teacher folder was given")
    from transformers import AutoModel, AutoTokenizer

    inputs = WordpieceInput(AutoTokenizer.from_pretrained(teacher_dir), max_length or 128)
    if kind == "wordpiece":
        teacher = AutoModel.from_pretrained(teacher_dir)
        return inputs, teacher.get_input_embeddings().weight.detach().float().clone()
    generator = torch.Generator().manual_seed(seed)
    return inputs, torch.randn(len(inputs.tokenizer), entry["hidden"], generator=generator) * 0.02


def inputs_from_state(state: dict) -> WordLevelInput | WordpieceInput:
    if state["kind"] == "word_vectors":
        return WordLevelInput(Vocabulary(state["vocab"]), state["max_length"])
    from transformers import AutoTokenizer

    with tempfile.TemporaryDirectory() as folder:
        for name, data in state["tokenizer_files"].items():
            (Path(folder) / name).write_bytes(data)
        return WordpieceInput(AutoTokenizer.from_pretrained(folder), state["max_length"])


