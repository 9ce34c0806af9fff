"""A batch deployment's job on this machine, as Azure ML's batch endpoints run one.

The input files are cut into mini-batches of `mini_batch_size` files. `processes` worker
processes each load the model once (the scoring script's `init()`, or the MLflow model's
pickle for a no-code deployment) and score mini-batches as they come: `run(mini_batch)` gets
the list of file paths and returns a list (or a DataFrame) of result rows. A mini-batch that
fails or runs past `timeout` is retried up to `max_retries` times (a hung worker is replaced).
Files of mini-batches that still fail count against `error_threshold` (-1: never fail the job).
With `append_row` the rows are written, in mini-batch order, to the predictions file.

Usage: batch_scoring.py <config.json>. Progress: one JSON line per ended mini-batch in the
events file; the summary in `<output_dir>/../batch.json`.
"""
import parent_watch  # noqa: F401  (first: ends this process if Sluice dies, SIGKILL included)
import importlib.util
import json
import os
import sys

from minibatch_pool import run_batches


def load_scorer(cfg):
    """A function mini_batch -> rows, with the model loaded once in this process."""
    model_dir = cfg["model_dir"]
    os.environ["AZUREML_MODEL_DIR"] = model_dir
    if cfg.get("script"):
        sys.path.insert(0, cfg["code_dir"])
        spec = importlib.util.spec_from_file_location("batch_score", os.path.join(cfg["code_dir"], cfg["script"]))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.init()
        return module.run
    import pickle

    from automl.tables import read_csv  # the AutoML engine's checked reader: a bad file is one line naming it

    with open(os.path.join(model_dir, "model.pkl"), "rb") as f:
        model = pickle.load(f)
    from scoring_worker import load_signature  # the online server's reading of the same signature

    wanted = [c["name"] for c in (load_signature(model_dir) or [])] or None

    def run(mini_batch):
        rows = []
        for path in mini_batch:
            df = read_csv(path)
            if wanted:
                missing = [c for c in wanted if c not in df.columns]
                if missing:
                    raise ValueError(f"{os.path.basename(path)} lacks the model's columns: {', '.join(missing)}")
                df = df[wanted]
            for i, p in zip(df.index, model.predict(df)):
                rows.append([os.path.basename(path), int(i), p.item() if hasattr(p, "item") else p])
        return rows

    return run


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cfg = json.load(f)
    files = cfg["files"]
    size = max(1, int(cfg.get("mini_batch_size") or 10))
    batches = [files[i:i + size] for i in range(0, len(files), size)]
    retries = int(cfg.get("max_retries", 3))
    timeout = float(cfg.get("timeout") or 30)
    threshold = int(cfg.get("error_threshold", -1))
    events = open(cfg["events_file"], "a", encoding="utf-8")
    errors = {}
    failed_items = 0

    def emit(kind, index, detail=None):
        events.write(json.dumps({"event": kind, "mini_batch": index, "files": len(batches[index]), "detail": detail, "done": len(done), "failed": len(errors), "total": len(batches)}) + "\n")
        events.flush()

    done = set()

    def ended(index, ok, detail):
        nonlocal failed_items
        if ok:
            done.add(index)
            emit("completed", index)
        elif ok is None:
            emit("retrying", index, detail)
        else:
            errors[index] = detail
            failed_items += len(batches[index])
            emit("failed", index, detail)
            if threshold != -1 and failed_items > threshold:
                return f"{failed_items} failed file(s), over the error threshold of {threshold}"
        return None

    results, why = run_batches(batches, lambda: load_scorer(cfg), cfg.get("processes"), retries, timeout, ended)
    stopped = {"why": f"the model did not load: {why[len('init failed: '):]}" if why and why.startswith("init failed: ") else why}
    status = "cancelled" if stopped["why"] == "cancelled" else ("failed" if stopped["why"] else "completed")
    os.makedirs(cfg["output_dir"], exist_ok=True)
    if cfg.get("output_action", "append_row") == "append_row":
        target = os.path.join(cfg["output_dir"], cfg.get("output_file_name") or "predictions.csv")
        temp = target + ".tmp"
        with open(temp, "w", encoding="utf-8") as out:
            for index in sorted(results):
                for line in results[index]:
                    out.write(line + "\n")
        os.replace(temp, target)
    summary = {
        "status": status,
        "reason": stopped["why"] if status != "completed" else None,
        "mini_batches": len(batches),
        "completed": len(results),
        "failed": len(errors),
        "files": len(files),
        "failed_files": failed_items,
        "rows": sum(len(r) for r in results.values()),
        "errors": {str(k): v for k, v in sorted(errors.items())},
    }
    with open(cfg["summary_file"], "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, sort_keys=True)
    return 0 if status == "completed" else (130 if status == "cancelled" else 1)


if __name__ == "__main__":
    sys.exit(main())
