# Transfer sets: training sentences + generated ones (Tang et al.'s rules, LM samples) and unlabelled text of
# the task's domain, deduplicated, in shards; and variants derived from any set (van de Graaf: subsets,
# token-shuffled, unigram sentences).


include: "functions/transfer.smk"


rule tag_train:
    """POS-tag the training sentences once per tagger (rule-based samplers draw replacements by tag)."""
    input:
        "resources/data/{task}/train.parquet",
    output:
        "results/{task}/tagged/{tagger}.parquet",
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/tagged/{tagger}.log",
    benchmark:
        "benchmarks/{task}/tagged/{tagger}.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 4000 * attempt,
        runtime=60,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/tag_train.py"


rule sample_rules:
    """One shard of rule-based samples: n_iter per training sentence of this shard, seeded per shard."""
    input:
        lambda w: f"results/{w.task}/tagged/{config['augmentation'][w.augmentation]['tagger']}.parquet",
    output:
        ensure("results/{task}/samples/{augmentation}/shard-{scatteritem}.parquet", non_empty=True),
    wildcard_constraints:
        augmentation=one_of(augmentations_of_kind("rules")),
    params:
        settings=lambda w: config["augmentation"][w.augmentation],
        shard=lambda w: shard_index(w.scatteritem),
        shards=config["shards"],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/samples/{augmentation}/shard-{scatteritem}.log",
    benchmark:
        "benchmarks/{task}/samples/{augmentation}/shard-{scatteritem}.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 4000 * attempt,
        runtime=120,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/sample_rules.py"


rule collect_text:
    """A `kind: text` component: unlabelled sentences of the task's domain, without its dev/test sentences."""
    input:
        text=lambda w: local_file(config["augmentation"][w.augmentation]["path"]),
        held_out=expand("resources/data/{{task}}/{split}.parquet", split=["dev", "test", "extra"]),
    output:
        [
            ensure(path, non_empty=True)
            for path in scatter.shard("results/{{task}}/samples/{{augmentation}}/shard-{scatteritem}.parquet")
        ],
    wildcard_constraints:
        augmentation=one_of(augmentations_of_kind("text")),
    params:
        settings=lambda w: config["augmentation"][w.augmentation],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/samples/{augmentation}.log",
    benchmark:
        "benchmarks/{task}/samples/{augmentation}.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 4000 * attempt,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/collect_text.py"


rule build_transfer_set:
    """Training sentences + the set's generated components, deduplicated, cut into shards."""
    input:
        train="resources/data/{task}/train.parquet",
        samples=transfer_component_shards,
    output:
        [
            ensure(path, non_empty=True)
            for path in scatter.shard("results/{{task}}/transfer/{{transfer}}/shard-{scatteritem}.parquet")
        ],
    wildcard_constraints:
        transfer=one_of(composed_transfer_sets()),
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/transfer/{transfer}.log",
    benchmark:
        "benchmarks/{task}/transfer/{transfer}.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 8000 * attempt,
        runtime=60,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/build_transfer_set.py"


rule derive_transfer_set:
    """A variant of another transfer set (`frac`, `shuffled`, `unigram`), cut into shards."""
    input:
        lambda w: gather.shard(
            f"results/{w.task}/transfer/{config['transfer_sets'][w.transfer]['base']}/shard-{{scatteritem}}.parquet"
        ),
    output:
        [
            ensure(path, non_empty=True)
            for path in scatter.shard("results/{{task}}/transfer/{{transfer}}/shard-{scatteritem}.parquet")
        ],
    wildcard_constraints:
        transfer=one_of(derived_transfer_sets()),
    params:
        spec=lambda w: config["transfer_sets"][w.transfer],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/transfer/{transfer}.log",
    benchmark:
        "benchmarks/{task}/transfer/{transfer}.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 8000 * attempt,
        runtime=60,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/derive_transfer_set.py"
