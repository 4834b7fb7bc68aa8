"""bert_distil: distil a fine-tuned BERT teacher into small sentence classifiers.

The library behind the Snakemake workflow: every rule's script is a thin call into one of these modules,
and each module is importable and tested without Snakemake. Imports go down this list, never up:

- `io`, `runtime`, `precision`, `assets`, `inference`, `registry`, `config`: what every stage shares
- `data/`: task sources parsed and validated into prepared tables
- `training/`: the one training loop, batching, optimisers, losses, metrics, the end of a run
- `teacher/`: fine-tuning, the saved teacher for inference, its logits on transfer sets
- `transfer/`: transfer sets: word tokens, rule-based and LM samples, assembly, variants
- `students/`: architectures, inputs, vocabularies, training, speed, the saved student
- `reports/`: predictions, analysis, summaries and figures
- `probing/`: probing tasks, layer encodings and MLP probes
"""
