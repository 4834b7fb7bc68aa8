"""bert_distil: distil a fine-tuned BERT teacher into small sentence classifiers.

The library behind the Snakemake workflow: every rule's script is a thin call into one of these modules,
and each module is importable and tested without Snakemake.
"""
