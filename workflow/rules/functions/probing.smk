# Input functions and helpers of probing.smk; what several stages share is in common.smk.
from bert_distil.probing.senteval import SENTEVAL_URL


def probing_data(probe_task):
    """A probing task's file: SentEval's (downloaded) or the builder's."""
    if PROBING["source"] == "senteval":
        return f"resources/probing/senteval/{probe_task}.txt"
    return f"results/probing/data/{probe_task}.txt"


def probed_model(wildcards):
    """How to load an encoder: a Hugging Face model (`hf`, with the configured teacher layers) or a
    student's model.pt (every layer it exposes)."""
    if wildcards.encoder == "pretrained":
        return {"kind": "hf", "path": config["teacher"]["model"], "layers": PROBING["teacher_layers"]}
    task, name = wildcards.encoder.split("-", 1)
    if name == "teacher":
        return {"kind": "hf", "path": f"results/{task}/teacher/model", "layers": PROBING["teacher_layers"]}
    return {"kind": "student", "path": first_seed_model(task, name)}


def probed_model_input(wildcards):
    """The encoder's files when the workflow makes them (or a local pre-trained folder)."""
    if wildcards.encoder == "pretrained":
        folder = local_model_folder(config["teacher"]["model"])
        return {"model": folder} if folder else {}
    return {"model": probed_model(wildcards)["path"]}


def probing_targets():
    """The probing table and figures, when there are probing tasks."""
    if not config["probing"]["tasks"]:
        return []
    return ["results/probing/scores.csv", "results/figures/probing-layers.png"]
