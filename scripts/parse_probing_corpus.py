"""Rule parse_probing_corpus: the corpus's sentences with dependency parses and constituency trees."""
import logging

import pandas as pd

from bert_distil.io import write_parquet
from bert_distil.probing.corpus import load_corpus
from bert_distil.probing.parse import ConstituencyParser, dependency_parses
from bert_distil.runtime import log_to

log_to(snakemake.log[0])
corpus = snakemake.params.corpus
sentences = load_corpus(corpus["source"], corpus["format"], corpus["min_words"], corpus["max_words"])
parsed = pd.DataFrame(dependency_parses(sentences))
parsed.insert(0, "text", sentences)
parsed["tree"] = ConstituencyParser(snakemake.params.max_parse_seconds).trees(sentences)
logging.info("%d sentences from %s; %d with a constituency tree", len(parsed), corpus["source"],
             parsed["tree"].notna().sum())
write_parquet(parsed, snakemake.output[0], metadata={"corpus": corpus})
