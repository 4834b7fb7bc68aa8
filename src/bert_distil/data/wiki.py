"""Sentences of MediaWiki XML dumps (.bz2 or plain), e.g. the 107-article Wikipedia excerpt inside gensim's
test data: markup is removed with gensim's `filter_wiki` and paragraphs are split into sentences at
`.`/`!`/`?` followed by a capital letter or a quote (no sentence-splitter model needed). The probing
builder reads its raw sentences from here, and the offline `wiki-next` pair task its articles."""
from __future__ import annotations

import bz2
import re
from pathlib import Path
from typing import Iterable, Iterator

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _text_paragraphs(text: str) -> list[str]:
    from gensim.corpora.wikicorpus import filter_wiki

    paragraphs = []
    for paragraph in filter_wiki(text).split("\n"):
        paragraph = paragraph.strip()
        if paragraph and not paragraph.startswith(("*", "|", "!", "{", "=", ":", ";")):  # lists, tables, headings
            paragraphs.append(paragraph)
    return paragraphs


def wikidump_articles(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(title, prose paragraphs) per article of the dump, in dump order."""
    from gensim.corpora.wikicorpus import extract_pages

    opener = bz2.open if Path(path).suffix == ".bz2" else open
    with opener(path, "rb") as dump:
        for title, text, _page_id in extract_pages(dump):
            yield title, _text_paragraphs(text)


def wikidump_paragraphs(path: Path) -> Iterator[str]:
    for _title, paragraphs in wikidump_articles(path):
        yield from paragraphs


def split_sentences(paragraph: str) -> list[str]:
    return [" ".join(s.split()) for s in SENTENCE_END.split(paragraph)]


def is_whole_sentence(sentence: str, min_words: int, max_words: int) -> bool:
    """One whole sentence: a capital first letter, a final `.`/`!`/`?`, `min_words`..`max_words` words."""
    return (min_words <= len(sentence.split()) <= max_words and sentence[0].isupper()
            and sentence[-1] in ".!?")


def whole_sentences(candidates: Iterable[str], min_words: int, max_words: int) -> list[str]:
    """The candidates that are whole sentences, duplicates dropped, order kept."""
    kept, seen = [], set()
    for sentence in candidates:
        if is_whole_sentence(sentence, min_words, max_words) and sentence not in seen:
            seen.add(sentence)
            kept.append(sentence)
    return kept
