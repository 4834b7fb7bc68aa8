"""Word tokens, the view of a sentence that transfer sets and word-level students share: Treebank tokens
(the rule-based samples' `[MASK]` stays one token), lower-cased for the students and for telling two
sentences apart."""
from __future__ import annotations

import re
from functools import lru_cache

MASK = "[MASK]"  # the rule-based samples' mask token (the teacher tokenizer's mask token reads it as such)
_MASK_SPLIT = re.compile(re.escape(MASK))


def _stdlib(value):
    """nltk's own pattern(s), compiled by `re`, inside the same lists and (pattern, replacement) tuples:
    nltk >= 3.10 runs every pattern through the `regex` engine with a timeout (a guard against
    caller-supplied patterns), which made Treebank tokens 2.8x slower (most of a distilled BiLSTM's 46 s
    setup on rt on a 2.45 GHz EPYC). These patterns are nltk's fixed, linear ones; tests/test_words.py
    checks that the tokens are nltk's own."""
    if hasattr(value, "pattern"):
        return re.compile(value.pattern)
    if isinstance(value, (list, tuple)):
        return type(value)(_stdlib(v) for v in value)
    return value  # a replacement string


@lru_cache(maxsize=1)
def _treebank():
    from nltk.tokenize import TreebankWordTokenizer  # nltk takes ~1 s to import: only jobs that tokenise pay it

    groups = {name: _stdlib(value) for name, value in vars(TreebankWordTokenizer).items() if name.isupper()}
    return type("StdlibTreebank", (TreebankWordTokenizer,), groups)()


def treebank_tokens(sentence: str) -> list[str]:
    """Treebank tokens in their own case; the augmentation's `[MASK]` stays one token."""
    parts = _MASK_SPLIT.split(sentence)
    tokenizer = _treebank()
    tokens: list[str] = []
    for i, part in enumerate(parts):
        if i:
            tokens.append(MASK)
        tokens.extend(tokenizer.tokenize(part))
    return tokens


@lru_cache(maxsize=1 << 20)
def word_tokens(sentence: str) -> tuple[str, ...]:
    """Lower-cased Treebank tokens (`[MASK]` one token). Cached: a student tokenises its transfer set once
    for the vocabulary and again to encode it (~15 s per 85k sentences)."""
    return tuple(t.lower() for t in treebank_tokens(sentence))


def sentence_key(sentence: str) -> str:
    """What makes two sentences the same for the students (used to drop repeats from transfer sets)."""
    return " ".join(word_tokens(sentence))
