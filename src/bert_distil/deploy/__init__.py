"""Deployable models: a trained student (or the teacher) as a folder that runs with ONNX Runtime alone
(`export`: ONNX graph, its int8 twin, the vocabulary or tokenizer, label names, and the check against
PyTorch on the test split), one way to load any saved model for prediction (`predictor`), and the speed
of every artifact measured the seeds' ways (`speed`).

- `graphs`: the teacher's export form (the students' signature); the students export as they are
- `export`: ONNX export, dynamic int8 quantisation (ONNX Runtime's quantiser), the deploy folder
- `predictor`: model.pt, a teacher folder or a deploy folder → logits, labels and confidences
- `speed`: Tang's, Sučík's and batch-1 protocols, side by side
"""

# The deploy table's row for the seeds' teacher shape (random weights); here, not in `speed`, so that the
# workflow can name it while it builds the DAG without importing torch
BERT_LARGE = "bert-large-shape"
