"""Students: small models distilled from the teacher (or trained on gold labels), one per config entry.

- `models/`: the architectures (`ARCHITECTURES`: bilstm, bert) and their shared embeddings
- `vocab`: a word-level student's vocabulary and its embedding matrix from word vectors
- `inputs`: how a student reads sentences (word ids or the teacher's wordpieces) and pads a batch
- `train`: one student, one seed, through the shared loop (transfer set + teacher logits, or gold labels)
- `speed`: sentences per second, the student's and the teacher's, and the speed-up
- `saved`: `model.pt` written and loaded back for prediction, probing and HF export (no training code)
"""
