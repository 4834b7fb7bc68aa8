"""Raw sentences to build probing tasks from. Two formats:

- `wikidump`: a MediaWiki XML dump (.bz2), e.g. the Wikipedia excerpt inside gensim's test data (107
  articles, the offline default), read into sentences by `data.wiki`.
- `lines`: a text file with one sentence per line.

Sentences are kept when they look like one whole sentence (capital first letter, final `.`/`!`/`?`) of
`min_words` to `max_words` whitespace words; duplicates are dropped, the order is kept."""
from __future__ import annotations

from ..assets import local_file
from ..data.wiki import split_sentences, whole_sentences, wikidump_paragraphs

FORMATS = ("wikidump", "lines")


def load_corpus(source: str, format: str, min_words: int, max_words: int) -> list[str]:
    path = local_file(source, "probing corpus")  # a local path or a file inside an installed package
    if format == "wikidump":
        candidates = (s for paragraph in wikidump_paragraphs(path) for s in split_sentences(paragraph))
    elif format == "lines":
        candidates = (line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    else:
        raise ValueError(f"unknown probing corpus format {format!r}; known: {FORMATS}")
    return whole_sentences(candidates, min_words, max_words)
