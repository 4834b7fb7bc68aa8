# Input functions and helpers of data.smk; what several stages share is in common.smk.


def raw_files(wildcards):
    """The task's raw files: downloaded ones under resources/raw/{task}/, local ones (and files inside an
    installed package) where they are."""
    files = task_config(wildcards.task)["files"]
    return {name: raw_file(wildcards.task, name, spec["url"]) for name, spec in files.items()}


def raw_file(task, name, url):
    return f"resources/raw/{task}/{name}" if is_remote(url) else local_file(url)
