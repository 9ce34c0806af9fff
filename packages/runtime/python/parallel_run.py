"""A parallel job (Azure ML's `type: parallel`, v1's ParallelRunStep) on this machine.

The `input_data` input is cut into mini-batches: a folder's files, `mini_batch_size` at a time
(default 10); or a table's rows, about `mini_batch_size` bytes at a time (default 1 MB), or one
mini-batch per group of `partition_keys`. `processes` workers each import the entry script once
with the job's program arguments as `sys.argv` and call its `init()`, then `run(mini_batch)`
per mini-batch: a list of file paths, or a pandas DataFrame. Failures and timeouts are retried
`max_retries` times; a mini-batch of files whose `run()` returns fewer results than it had files
counts the rest as failed items. The job fails past `error_threshold` failed items or
`mini_batch_error_threshold` failed mini-batches (-1: never). With `append_row_to`, the rows are
written in mini-batch order to `parallel_run_step.txt` there (Azure's name).

Usage: parallel_run.py <config.json>. The summary (a schema'd document) goes to `summary_file`.
"""
import parent_watch  # noqa: F401  (first: ends this process if Sluice dies, SIGKILL included)
import importlib.util
import json
import os
import sys

from minibatch_pool import run_batches

DEFAULT_FILES = 10
DEFAULT_BYTES = 1024 * 1024


def file_batches(path, size):
    """A folder's files (recursively, sorted), or the one file, `size` at a time."""
    if os.path.isfile(path):
        files = [path]
    else:
        files = sorted(os.path.join(d, f) for d, _, names in os.walk(path) for f in names if f != "MLTable")
    return [files[i:i + size] for i in range(0, len(files), size)], len(files)


def table_batches(path, size_bytes, keys):
    """A table's rows: about `size_bytes` of CSV per mini-batch, or one mini-batch per key group."""
    from automl.tables import read_table  # the checked reader: a bad file is one line naming it

    df = read_table(path)
    if keys:
        missing = [k for k in keys if k not in df.columns]
        if missing:
            raise SystemExit(f"partition keys {', '.join(missing)} are not columns of {os.path.basename(path)}")
        return [g.reset_index(drop=True) for _, g in df.groupby(list(keys), sort=True)], len(df)
    per_row = max(1, len(df.to_csv(index=False).encode("utf-8")) // max(1, len(df)))
    rows = max(1, size_bytes // per_row)
    return [df.iloc[i:i + rows].reset_index(drop=True) for i in range(0, len(df), rows)], len(df)


def load_entry(cfg):
    """The entry script's `run`, after its `init()`, with its program arguments as sys.argv."""
    os.chdir(cfg["code_dir"])
    sys.path.insert(0, cfg["code_dir"])
    sys.argv = [cfg["entry_script"], *cfg.get("argv", [])]
    spec = importlib.util.spec_from_file_location("parallel_entry", os.path.join(cfg["code_dir"], cfg["entry_script"]))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if hasattr(module, "init"):
        module.init()
    return module.run


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cfg = json.load(f)
    size = cfg.get("mini_batch_size")
    if cfg["input_kind"] == "table":
        batches, items = table_batches(cfg["input_path"], int(size or DEFAULT_BYTES), cfg.get("partition_keys"))
    else:
        batches, items = file_batches(cfg["input_path"], max(1, int(size or DEFAULT_FILES)))
    item_threshold = int(cfg.get("error_threshold", -1))
    batch_threshold = int(cfg.get("mini_batch_error_threshold", -1))
    errors, counts = {}, {"failed_items": 0}

    def ended(index, ok, detail):
        if ok is None:
            print(f"mini-batch {index} failed, retrying: {detail}", file=sys.stderr, flush=True)
            return None
        if ok:
            # A file mini-batch's run() returns one result per file it handled: the missing ones failed.
            short = len(batches[index]) - len(detail) if cfg["input_kind"] == "files" else 0
            if short > 0:
                counts["failed_items"] += short
        else:
            errors[index] = detail
            counts["failed_items"] += len(batches[index])
            print(f"mini-batch {index} failed: {detail}", file=sys.stderr, flush=True)
        if item_threshold != -1 and counts["failed_items"] > item_threshold:
            return f"{counts['failed_items']} failed item(s), over the error threshold of {item_threshold}"
        if batch_threshold != -1 and len(errors) > batch_threshold:
            return f"{len(errors)} failed mini-batch(es), over the mini-batch error threshold of {batch_threshold}"
        return None

    results, why = run_batches(batches, lambda: load_entry(cfg), cfg.get("processes"), int(cfg.get("max_retries", 3)), float(cfg.get("timeout") or 30), ended)
    status = "cancelled" if why == "cancelled" else ("failed" if why else "completed")
    if cfg.get("append_row_to") and status == "completed":
        os.makedirs(cfg["append_row_to"], exist_ok=True)
        target = os.path.join(cfg["append_row_to"], "parallel_run_step.txt")
        with open(target + ".tmp", "w", encoding="utf-8") as out:
            for index in sorted(results):
                for line in results[index]:
                    out.write(line + "\n")
        os.replace(target + ".tmp", target)
    summary = {
        "status": status,
        "reason": why if status != "completed" else None,
        "mini_batches": len(batches),
        "completed": len(results),
        "failed": len(errors),
        "items": items,
        "failed_items": counts["failed_items"],
        "rows": sum(len(r) for r in results.values()),
        "errors": {str(k): v for k, v in sorted(errors.items())},
    }
    with open(cfg["summary_file"], "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, sort_keys=True)
    print(f"parallel: {len(results)} of {len(batches)} mini-batches completed, {counts['failed_items']} failed item(s)", flush=True)
    if why and why != "cancelled":
        print(f"parallel job failed: {why}", file=sys.stderr, flush=True)
    return 0 if status == "completed" else (130 if status == "cancelled" else 1)


if __name__ == "__main__":
    sys.exit(main())
