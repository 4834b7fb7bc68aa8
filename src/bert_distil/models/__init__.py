"""Student architectures. Each is a torch module returning logits, with `layer_outputs` for probing."""
from torch import nn


def parameter_counts(model: nn.Module) -> dict[str, int]:
    """Total and non-embedding parameters (the seeds report the latter): every nn.Embedding is an
    embedding, frozen or not, and so is a student's `projection` of its input embeddings to the hidden
    size (Sučík's BERT students count 2.42M whichever embeddings feed them)."""
    total = sum(p.numel() for p in model.parameters())
    embedding = sum(m.weight.numel() for m in model.modules() if isinstance(m, nn.Embedding))
    projection = getattr(model, "projection", None)
    embedding += sum(p.numel() for p in projection.parameters()) if projection is not None else 0
    return {"total": total, "non_embedding": total - embedding}
