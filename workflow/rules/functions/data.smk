# Input functions and helpers of data.smk; what several stages share is in common.smk.


def raw_files(wildcards):
    """The task's raw files: downloaded ones under resources/raw/{task}/, local ones where they are."""
    files = task_config(wildcards.task)["files"]
    return {
        name: f"resources/raw/{wildcards.task}/{name}" if is_remote(spec["url"]) else spec["url"]
        for name, spec in files.items()
    }
