# LM-generated transfer sentences: the base LM (converted once if it is a GGUF file), fine-tuned per task on
# the training sentences, then sampled in seeded shards (one GPU job each).


include: "functions/lm.smk"


rule convert_lm:
    """Dequantise a GGUF checkpoint into a plain HF folder that every later job loads quickly."""
    output:
        directory("resources/lm/{gguf}"),
    params:
        model=config["lm"]["model"],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/lm/convert_{gguf}.log",
    benchmark:
        "benchmarks/lm/convert_{gguf}.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 8000 * attempt,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/convert_lm.py"


rule finetune_lm:
    """Fine-tune the LM on the task's training sentences; resumes from results/{task}/lm/resume.pt."""
    input:
        base=lm_base_input,
        train="resources/data/{task}/train.parquet",
        dev="resources/data/{task}/dev.parquet",
    output:
        model=directory("results/{task}/lm/model"),
        metrics="results/{task}/lm/metrics.json",
        curve="results/{task}/lm/curve.csv",
    params:
        settings=lambda w: config["lm"] | {"model": lm_base()},
        checkpoint="results/{task}/lm/resume.pt",
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/lm/finetune.log",
    benchmark:
        "benchmarks/{task}/lm/finetune.tsv"
    threads: 8
    resources:
        gpu=1,
        mem_mb=lambda wildcards, attempt: 24000 * attempt,
        runtime=720,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/finetune_lm.py"


rule sample_lm:
    """One shard of LM samples (its share of `samples`, seeded per shard), cleaned."""
    input:
        model=lm_sampling_input,
        train="resources/data/{task}/train.parquet",
    output:
        ensure("results/{task}/samples/{augmentation}/shard-{scatteritem}.parquet", non_empty=True),
    wildcard_constraints:
        augmentation=one_of(augmentations_of_kind("lm")),
    params:
        model=lambda w: lm_for_sampling(w.task),
        settings=lambda w: config["augmentation"][w.augmentation],
        shard=lambda w: shard_index(w.scatteritem),
        shards=config["shards"],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/samples/{augmentation}/shard-{scatteritem}.log",
    benchmark:
        "benchmarks/{task}/samples/{augmentation}/shard-{scatteritem}.tsv"
    threads: 8
    resources:
        gpu=1,
        mem_mb=lambda wildcards, attempt: 16000 * attempt,
        runtime=720,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/sample_lm.py"
