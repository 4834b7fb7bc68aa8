# Input functions and helpers of transfer.smk; what several stages share is in common.smk.


def composed_transfer_sets():
    return [name for name, spec in config["transfer_sets"].items() if "components" in spec]


def derived_transfer_sets():
    return [name for name, spec in config["transfer_sets"].items() if "base" in spec]


def transfer_component_shards(wildcards):
    """Sample shards of the generated components of transfer set {transfer}."""
    parts = config["transfer_sets"][wildcards.transfer]["components"]
    return [
        path
        for part in parts
        if part != "train"
        for path in gather.shard(f"results/{wildcards.task}/samples/{part}/shard-{{scatteritem}}.parquet")
    ]
