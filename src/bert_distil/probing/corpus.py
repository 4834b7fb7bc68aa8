"""Raw sentences to build probing tasks from. Two formats:

- `wikidump`: a MediaWiki XML dump (.bz2), e.g. the Wikipedia excerpt inside gensim's test data (107
  articles, the offline default); markup is removed with gensim's `filter_wiki` and paragraphs are split
  into sentences at `.`/`!`/`?` followed by a capital letter (no sentence-splitter model needed).
- `lines`: a text file with one sentence per line.

Sentences are kept when they look like one whole sentence (capital first letter, final `.`/`!`/`?`) of
`min_words` to `max_words` whitespace words; duplicates are dropped, the order is kept."""
from __future__ import annotations

import bz2
import re
from pathlib import Path
from typing import Iterable, Iterator

from ..assets import local_file

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
FORMATS = ("wikidump", "lines")


def wikidump_paragraphs(path: Path) -> Iterator[str]:
    from gensim.corpora.wikicorpus import extract_pages, filter_wiki

    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rb") as dump:
        for _title, text, _page_id in extract_pages(dump):
            for paragraph in filter_wiki(text).split("\n"):
                paragraph = paragraph.strip()
                if paragraph and not paragraph.startswith(("*", "|", "!", "{", "=", ":", ";")):
                    yield paragraph


def split_sentences(paragraph: str) -> list[str]:
    return [" ".join(s.split()) for s in SENTENCE_END.split(paragraph)]


def whole_sentences(candidates: Iterable[str], min_words: int, max_words: int) -> list[str]:
    kept, seen = [], set()
    for sentence in candidates:
        words = sentence.split()
        if (min_words <= len(words) <= max_words and sentence[0].isupper() and sentence[-1] in ".!?"
                and sentence not in seen):
            seen.add(sentence)
            kept.append(sentence)
    return kept


def load_corpus(source: str, format: str, min_words: int, max_words: int) -> list[str]:
    path = local_file(source, "probing corpus")  # a local path or a file inside an installed package
    if format == "wikidump":
        candidates = (s for paragraph in wikidump_paragraphs(path) for s in split_sentences(paragraph))
    elif format == "lines":
        candidates = (line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    else:
        raise ValueError(f"unknown probing corpus format {format!r}; known: {FORMATS}")
    return whole_sentences(candidates, min_words, max_words)
