"""The teacher: fine-tuned once per task, then read for its logits by every distilled student.

- `model`: a saved teacher loaded for inference (no training code): `load_teacher`, `teacher_scorer`
- `finetune`: fine-tuning with the seeds' recipe through the shared loop (`TeacherSettings`, `fine_tune`)
- `select`: the best of a grid's candidates on dev becomes the teacher, scored alone on test
- `logits`: the teacher's raw logits on transfer-set shards, their check, and reading them back by id
"""
