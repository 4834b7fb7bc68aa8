"""Probing what a model's layers encode (Conneau et al. 2018): ten classification tasks over sentences,
each answered by a small MLP reading a layer's mean-pooled sentence encoding.

- `senteval`: the tasks' names (`SHORT_NAMES`); SentEval's files (`{tr,va,te}\\tlabel\\tsentence`) read, written
- `corpus`: raw sentences to build tasks from (the offline default: Wikipedia text shipped with gensim)
- `parse`: spaCy dependency parses and link-grammar constituency trees of those sentences
- `tasks`: the builder: the ten labelling / perturbation rules (`PROBING_TASKS`) and class balancing
- `encode`: layer encodings of the teacher (pre-trained or fine-tuned) and of the students
- `probe`: SentEval's MLP probe, its grid and early stopping, the majority baseline
- `run`: probing one encoder on every task, and the collected scores table
- `plots`: the figures of the report's probing section
"""
