# Probing: ten SentEval tasks (built offline from a parsed corpus, or SentEval's own files), sentence
# encodings of chosen layers of the pre-trained teacher, the fine-tuned teachers and the students, an MLP
# probe per layer; scores.csv and figures for the report.


include: "functions/probing.smk"


localrules:
    download_probing_task,
    collect_probing,


rule parse_probing_corpus:
    """Corpus sentences with spaCy dependency parses and link-grammar constituency trees."""
    output:
        "results/probing/corpus/parsed.parquet",
    params:
        corpus=config["probing"]["corpus"],
        max_parse_seconds=config["probing"]["build"]["max_parse_seconds"],
    log:
        "logs/probing/parse_corpus.log",
    benchmark:
        "benchmarks/probing/parse_corpus.tsv"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 4000 * attempt,
        runtime=120,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/parse_probing_corpus.py"


rule build_probing_task:
    """One probing task in SentEval's format, balanced and seeded."""
    input:
        "results/probing/corpus/parsed.parquet",
    output:
        "results/probing/data/{probe_task}.txt",
    params:
        build=config["probing"]["build"],
    log:
        "logs/probing/build/{probe_task}.log",
    benchmark:
        "benchmarks/probing/build/{probe_task}.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 4000 * attempt,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/build_probing_task.py"


rule download_probing_task:
    """SentEval's file of one probing task (100k/10k/10k sentences); runs on the head node (network)."""
    output:
        "resources/probing/senteval/{probe_task}.txt",
    params:
        url=lambda w: SENTEVAL_URL.format(task=w.probe_task),
        sha256=None,
    log:
        "logs/probing/download/{probe_task}.log",
    benchmark:
        "benchmarks/probing/download/{probe_task}.tsv"
    retries: 2
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/download.py"


rule probe_encoder:
    """Encode every probing task's sentences with one model's layers and probe each layer (MLP grid)."""
    input:
        unpack(probed_model_input),
        data=[probing_data(t) for t in PROBE_TASKS],
    output:
        [f"results/probing/{{encoder}}/{t}.json" for t in PROBE_TASKS],
    params:
        tasks=PROBE_TASKS,
        model=probed_model,
        settings=config["probing"],
    log:
        "logs/probing/{encoder}.log",
    benchmark:
        "benchmarks/probing/{encoder}.tsv"
    # the probes are small matrix products: one thread each, two encoders side by side on 2 cores
    threads: 1
    resources:
        gpu=1,
        # SentEval's files: 120k sentences × 1024 × 7 layers of BERT-large in float32 per task, ~3.4 GB
        mem_mb=lambda wildcards, attempt: 12000 * attempt,
        runtime=240,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/probe_encoder.py"


rule collect_probing:
    """All probing scores in one table, with the majority baseline; heat map and per-layer figure."""
    input:
        scores=expand("results/probing/{encoder}/{probe_task}.json", encoder=PROBED, probe_task=PROBE_TASKS),
        data=[probing_data(t) for t in PROBE_TASKS],
    output:
        scores=report("results/probing/scores.csv", caption="../report/probing_scores.rst", category="Probing"),
        data="results/probing/data.csv",
        layers=report(
            "results/figures/probing-layers.png",
            caption="../report/probing_layers.rst",
            category="Probing",
        ),
        heatmap=report(
            "results/figures/probing-heatmap.png",
            caption="../report/probing_heatmap.rst",
            category="Probing",
        ),
    log:
        "logs/probing/collect.log",
    benchmark:
        "benchmarks/probing/collect.tsv"
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/collect_probing.py"
