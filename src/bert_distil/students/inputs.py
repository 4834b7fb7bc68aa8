"""How a student reads sentences: token ids plus the vectors its embedding layer starts from.

- `word_vectors`: lower-cased Treebank words, a vocabulary built from the training sentences (the
  transfer set), pre-trained word vectors (OOV words ~ U(-0.25, 0.25)).
- `wordpiece`: the teacher's tokenizer and the teacher's input embedding matrix.
- `random`: the teacher's tokenizer, embeddings ~ N(0, 0.02) (BERT's initialiser) of the student's size.

Every input turns sentences into lists of ids (`encode`) and batches into (ids padded with 0, lengths)
(`collate`), which is what every student's forward takes. `state()` is what `model.pt` keeps to rebuild
the input without the teacher or the word vectors.

Sentence pairs stay one flat id list per example, the two texts' ids joined by `PAIR_BREAK` (an id no
embedding row has), so that batching by length, inference and prediction serve pairs unchanged. Where the
texts meet is resolved at `collate`, the way the architecture reads pairs (`PAIR_READERS`):
- `siamese` (Tang's BiLSTM): each text on its own → (ids A, lengths A, ids B, lengths B);
- `joint` (a BERT student): one sequence with segment ids → (ids, lengths, token type ids), 0 up to the
  break and 1 after it; a wordpiece input's A keeps its [CLS] … [SEP] and B its closing [SEP]."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Sequence

import torch
from torch.nn.utils.rnn import pad_sequence

from ..transfer.words import word_tokens
from .vocab import Vocabulary, embedding_matrix, load_word_vectors

EMBEDDINGS = ("word_vectors", "wordpiece", "random")
PAIR_BREAK = -1  # between the two texts of a pair's ids; never looked up (collate removes it)
PAIR_READERS = ("siamese", "joint")


def pad_batch(encoded: Sequence[Sequence[int]], run_device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """(ids right-padded with 0 to the longest sentence, lengths)."""
    lengths = torch.tensor([len(e) for e in encoded])
    ids = pad_sequence([torch.tensor(e, dtype=torch.long) for e in encoded], batch_first=True, padding_value=0)
    return ids.to(run_device), lengths


def split_pair(ids: Sequence[int]) -> tuple[list[int], list[int]]:
    ids = list(ids)
    if ids.count(PAIR_BREAK) != 1:
        raise ValueError("a pair's ids hold exactly one PAIR_BREAK (was this input encoded as pairs?)")
    cut = ids.index(PAIR_BREAK)
    return ids[:cut], ids[cut + 1:]


def collate_pairs(encoded: Sequence[Sequence[int]], run_device: torch.device, reader: str) -> tuple[torch.Tensor, ...]:
    sides = [split_pair(e) for e in encoded]
    if reader == "siamese":
        return (*pad_batch([a for a, _ in sides], run_device), *pad_batch([b for _, b in sides], run_device))
    if reader != "joint":
        raise ValueError(f"unknown pair reader {reader!r}; known: {PAIR_READERS}")
    ids, lengths = pad_batch([a + b for a, b in sides], run_device)
    segments = [torch.cat([torch.zeros(len(a), dtype=torch.long), torch.ones(len(b), dtype=torch.long)])
                for a, b in sides]
    return ids, lengths, pad_sequence(segments, batch_first=True, padding_value=0).to(run_device)


class _Collate:
    """`collate(batch, device)` for single sentences, or for pairs the way `pair_reader` says."""
    pair_reader: str | None = None

    def collate(self, encoded: Sequence[Sequence[int]], run_device: torch.device) -> tuple[torch.Tensor, ...]:
        if self.pair_reader is None:
            return pad_batch(encoded, run_device)
        return collate_pairs(encoded, run_device, self.pair_reader)


class WordLevelInput(_Collate):
    """Sentences → word ids (vocabulary from the transfer set)."""

    def __init__(self, vocab: Vocabulary, max_length: int | None = None, pair_reader: str | None = None):
        self.vocab, self.max_length, self.pair_reader = vocab, max_length, pair_reader

    def _ids(self, sentence: str) -> list[int]:
        return self.vocab.encode(word_tokens(sentence))[:self.max_length]

    def encode(self, sentences: Sequence[str], sentences2: Sequence[str] | None = None) -> list[list[int]]:
        check_pairs(self.pair_reader, sentences2)
        if sentences2 is None:
            return [self._ids(s) for s in sentences]
        return [self._ids(a) + [PAIR_BREAK] + self._ids(b) for a, b in zip(sentences, sentences2, strict=True)]

    def state(self) -> dict:
        return {"kind": "word_vectors", "vocab": self.vocab.words[2:], "max_length": self.max_length,
                "pair_reader": self.pair_reader}


class WordpieceInput(_Collate):
    """Sentences → the teacher tokenizer's ids ([CLS] … [SEP]); `[MASK]` in augmented sentences is the
    tokenizer's mask token. Pairs: the tokenizer's pair encoding (truncated longest text first), with
    PAIR_BREAK after the first [SEP]."""

    def __init__(self, tokenizer, max_length: int, pair_reader: str | None = None):
        if tokenizer.pad_token_id != 0:
            raise ValueError(f"students pad with id 0, but this tokenizer's padding id is {tokenizer.pad_token_id}")
        self.tokenizer, self.max_length, self.pair_reader = tokenizer, max_length, pair_reader

    def encode(self, sentences: Sequence[str], sentences2: Sequence[str] | None = None) -> list[list[int]]:
        check_pairs(self.pair_reader, sentences2)
        if sentences2 is None:
            return self.tokenizer(list(sentences), truncation=True, max_length=self.max_length)["input_ids"]
        encoded = self.tokenizer(list(sentences), list(sentences2), truncation=True,
                                 max_length=self.max_length)["input_ids"]
        sep = self.tokenizer.sep_token_id
        return [ids[:ids.index(sep) + 1] + [PAIR_BREAK] + ids[ids.index(sep) + 1:] for ids in encoded]

    def state(self) -> dict:
        with tempfile.TemporaryDirectory() as folder:
            self.tokenizer.save_pretrained(folder)
            files = {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}
        return {"kind": "wordpiece", "tokenizer_files": files, "max_length": self.max_length,
                "pair_reader": self.pair_reader}


def check_pairs(pair_reader: str | None, sentences2: Sequence[str] | None) -> None:
    if (pair_reader is None) != (sentences2 is None):
        raise ValueError("this student reads sentence pairs: give the second texts" if pair_reader else
                         "this student reads single sentences, but second texts were given")


def build_inputs(entry: dict, sentences: Sequence[str], word_vectors: dict, teacher_dir: str | None,
                 seed: int, pair_reader: str | None = None) -> tuple[WordLevelInput | WordpieceInput, torch.Tensor]:
    """The student's input and the initial embedding vectors (vocabulary size × dimension); `sentences` are
    all the texts it trains on (both of every pair), `pair_reader` how its architecture reads pairs (None:
    single sentences)."""
    kind = entry["embeddings"]
    max_length = entry["max_length"] if entry["arch"] == "bert" else None
    if kind == "word_vectors":
        vocab = Vocabulary.build(word_tokens(s) for s in sentences)
        spec = word_vectors[entry["word_vectors"]]
        vectors = load_word_vectors(spec["source"], spec["format"], spec.get("limit"))
        matrix, _ = embedding_matrix(vocab, vectors, seed)
        return WordLevelInput(vocab, max_length, pair_reader), torch.from_numpy(matrix)
    if kind not in EMBEDDINGS:
        raise ValueError(f"unknown embeddings {kind!r}; known: {EMBEDDINGS}")
    if not teacher_dir:
        raise ValueError(f"{kind} embeddings need the teacher's tokenizer, but no teacher folder was given")
    from transformers import AutoModel, AutoTokenizer

    inputs = WordpieceInput(AutoTokenizer.from_pretrained(teacher_dir), max_length or 128, pair_reader)
    if kind == "wordpiece":
        teacher = AutoModel.from_pretrained(teacher_dir)
        return inputs, teacher.get_input_embeddings().weight.detach().float().clone()
    generator = torch.Generator().manual_seed(seed)
    return inputs, torch.randn(len(inputs.tokenizer), entry["hidden"], generator=generator) * 0.02


def inputs_from_state(state: dict) -> WordLevelInput | WordpieceInput:
    if state["kind"] == "word_vectors":
        return WordLevelInput(Vocabulary(state["vocab"]), state["max_length"], state.get("pair_reader"))
    from transformers import AutoTokenizer

    with tempfile.TemporaryDirectory() as folder:
        for name, data in state["tokenizer_files"].items():
            (Path(folder) / name).write_bytes(data)
        return WordpieceInput(AutoTokenizer.from_pretrained(folder), state["max_length"], state.get("pair_reader"))


