"""Unlabelled text as a transfer-set component (`kind: text`): sentences a user already has from the task's
domain (logged utterances, the rest of a corpus) for the teacher to label, next to or instead of generated
ones (van de Graaf's transfer-set composition; Tang et al. augment only because they had no such text).

A sentence that is also in the task's dev or test split (or an extra evaluation split) is dropped, so the
teacher's view of a held-out sentence never reaches a student; training sentences are dropped later, by
the transfer set's own deduplication. Each format is registered in `TEXT_FORMATS`.
"""
from __future__ import annotations

import logging
import random
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from ..data.rows import DataError
from ..data.wiki import split_sentences, whole_sentences, wikidump_paragraphs
from ..registry import Registry
from .words import sentence_key

log = logging.getLogger(__name__)

TEXT_FORMATS = Registry("text format")  # name -> f(path, min_words, max_words) -> sentences in file order


@TEXT_FORMATS.register("lines")
def read_lines(path: Path, min_words: int, max_words: int) -> Iterator[str]:
    """One sentence per line (UTF-8; blank lines skipped); a line outside the word range is skipped."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError as error:
                raise DataError(f"{path}:{number}: not UTF-8 ({error.reason})") from None
            if line and min_words <= len(line.split()) <= max_words:
                yield " ".join(line.split())


@TEXT_FORMATS.register("wikidump")
def read_wikidump(path: Path, min_words: int, max_words: int) -> Iterator[str]:
    """Every whole sentence of a MediaWiki XML dump's prose (capital first letter, final `.`/`!`/`?`)."""
    for paragraph in wikidump_paragraphs(path):
        yield from whole_sentences(split_sentences(paragraph), min_words, max_words)


def collect_text(sentences: Iterable[str], held_out: Iterable[str], name: str, max_sentences: int | None = None,
                 seed: int = 0) -> pd.DataFrame:
    """The component's rows (`id`, `sentence`, `source` = `name`): the sentences without repeats and without
    any sentence of `held_out` (compared as the students see them), a seeded sample of `max_sentences` when
    there are more, in file order."""
    held = {sentence_key(s) for s in held_out}
    kept, seen, dropped_held_out = [], set(), 0
    for sentence in sentences:
        key = sentence_key(sentence)
        if not key or key in seen:
            continue
        seen.add(key)
        if key in held:
            dropped_held_out += 1
            continue
        kept.append(sentence)
    if max_sentences is not None and len(kept) > max_sentences:
        chosen = sorted(random.Random(seed).sample(range(len(kept)), max_sentences))
        kept = [kept[i] for i in chosen]
    log.info("%s: %d sentences kept; %d dropped as sentences of the dev/test splits", name, len(kept),
             dropped_held_out)
    if not kept:
        raise DataError(f"augmentation {name}: no sentence left (read {len(seen)} distinct ones, "
                        f"{dropped_held_out} of them held out)")
    return pd.DataFrame({"id": [f"{name}-{i:07d}" for i in range(len(kept))], "sentence": kept, "source": name})
