# Input functions and helpers of lm.smk; what several stages share is in common.smk.
from bert_distil.assets import is_gguf


def lm_base():
    """The LM that is fine-tuned (or sampled from): a GGUF file is converted once to resources/lm/<name>/."""
    spec = config["lm"]["model"]
    return f"resources/lm/{Path(spec).stem}" if is_gguf(spec) else spec


def lm_base_input(wildcards):
    """The base LM's folder when it is a file target or a local folder (so replacing it reruns)."""
    if is_gguf(config["lm"]["model"]):
        return [lm_base()]
    folder = local_model_folder(config["lm"]["model"])
    return [folder] if folder else []


def lm_for_sampling(task):
    """The task's fine-tuned LM, or the base LM when `lm.finetune` is false."""
    return f"results/{task}/lm/model" if config["lm"]["finetune"] else lm_base()


def lm_sampling_input(wildcards):
    """The files behind `lm_for_sampling` (none for a hub id that is sampled as it is)."""
    return [lm_for_sampling(wildcards.task)] if config["lm"]["finetune"] else lm_base_input(wildcards)
