# Teacher logits on transfer sets: one GPU job per shard, then a check over all shards.


rule teacher_logits:
    """Score one transfer-set shard with the fine-tuned teacher (raw float32 logits keyed by id)."""
    input:
        shard="results/{task}/transfer/{transfer}/shard-{scatteritem}.parquet",
        teacher="results/{task}/teacher/model",
    output:
        ensure("results/{task}/logits/{transfer}/shard-{scatteritem}.parquet", non_empty=True),
    params:
        settings=config["logits"],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/logits/{transfer}/shard-{scatteritem}.log",
    benchmark:
        "benchmarks/{task}/logits/{transfer}/shard-{scatteritem}.tsv"
    threads: 8
    resources:
        gpu=1,
        mem_mb=lambda wildcards, attempt: 16000 * attempt,
        runtime=480,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/teacher_logits.py"


rule check_logits:
    """Ids unique and complete against the transfer set, values finite, num_labels consistent."""
    input:
        transfer=gather.shard("results/{{task}}/transfer/{{transfer}}/shard-{scatteritem}.parquet"),
        logits=gather.shard("results/{{task}}/logits/{{transfer}}/shard-{scatteritem}.parquet"),
    output:
        "results/{task}/logits/{transfer}/check.json",
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/logits/{transfer}/check.log",
    benchmark:
        "benchmarks/{task}/logits/{transfer}/check.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 8000 * attempt,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/check_logits.py"
