"""Student architectures. Each is a torch module returning logits, with `layer_outputs` for probing."""
