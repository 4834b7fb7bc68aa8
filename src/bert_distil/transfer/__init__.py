"""Transfer sets: the sentences a student is distilled on (training sentences plus generated ones).

- `words`: word tokens (Treebank, `[MASK]` one token) and the sentence key that tells repeats apart
- `rules`: Tang et al.'s rule-based samples (masking, POS-guided replacement, n-grams); POS `TAGGERS`
- `lm`: the language model for LM samples: loading, GGUF conversion, fine-tuning on the training sentences
- `sampling`: LM samples (first-token prefixes, ancestral sampling with the KV cache), cleaned
- `assemble`: training + generated sentences, deduplicated, written in shards
- `variants`: sets derived from another (`VARIANTS`: frac, shuffled, unigram; van de Graaf)
"""
