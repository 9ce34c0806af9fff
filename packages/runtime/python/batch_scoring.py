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
import multiprocessing as mp
import os
import signal
import sys
import time
import traceback
from multiprocessing.connection import wait


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


def as_rows(result):
    """A run() result as text lines: a DataFrame's rows, or one line per list item."""
    if hasattr(result, "to_csv"):
        text = result.to_csv(index=False, header=False)
        return [line for line in text.splitlines() if line]
    out = []
    for item in result or []:
        if isinstance(item, (list, tuple)):
            out.append(",".join(str(v) for v in item))
        else:
            out.append(str(item))
    return out


def worker(cfg, conn):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        run = load_scorer(cfg)
    except Exception as e:  # noqa: BLE001 - the model not loading fails every mini-batch with the reason
        traceback.print_exc()
        conn.send(("init-failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        task = conn.recv()
        if task is None:
            return
        index, files = task
        try:
            conn.send(("done", (index, as_rows(run(files)))))
        except Exception as e:  # noqa: BLE001 - a failing mini-batch is retried, then counted
            traceback.print_exc()
            conn.send(("failed", (index, f"{type(e).__name__}: {e}")))


class Slot:
    """One worker process and the mini-batch it holds."""

    def __init__(self, ctx, cfg):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker, args=(cfg, child), daemon=True)
        self.proc.start()
        self.task = None
        self.started = 0.0
        self.ready = False


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
    ctx = mp.get_context("fork")
    slots = [Slot(ctx, cfg) for _ in range(max(1, min(int(cfg.get("processes") or 1), len(batches) or 1)))]
    queue = list(range(len(batches)))
    tries = [0] * len(batches)
    results, errors = {}, {}
    failed_items = 0
    stopped = {"why": None}

    def stop(_signum, _frame):
        stopped["why"] = "cancelled"

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def emit(kind, index, detail=None):
        events.write(json.dumps({"event": kind, "mini_batch": index, "files": len(batches[index]), "detail": detail, "done": len(results), "failed": len(errors), "total": len(batches)}) + "\n")
        events.flush()

    def ended(index, ok, detail):
        nonlocal failed_items
        if ok:
            results[index] = detail
            emit("completed", index)
            return
        tries[index] += 1
        if tries[index] <= retries:
            queue.append(index)
            emit("retrying", index, detail)
            return
        errors[index] = detail
        failed_items += len(batches[index])
        emit("failed", index, detail)
        if threshold != -1 and failed_items > threshold:
            stopped["why"] = f"{failed_items} failed file(s), over the error threshold of {threshold}"

    while (queue or any(s.task is not None for s in slots)) and not stopped["why"]:
        for i, s in enumerate(slots):
            if s.ready and s.task is None and queue:
                s.task = queue.pop(0)
                s.started = time.monotonic()
                s.conn.send((s.task, batches[s.task]))
        ready = wait([s.conn for s in slots] + [s.proc.sentinel for s in slots], timeout=0.2)
        for i, s in enumerate(slots):
            if s.conn in ready:
                try:
                    kind, payload = s.conn.recv()
                except EOFError:
                    kind, payload = "died", None
                if kind == "ready":
                    s.ready = True
                elif kind == "init-failed":
                    stopped["why"] = f"the model did not load: {payload}"
                elif kind in ("done", "failed"):
                    index, detail = payload
                    s.task = None
                    ended(index, kind == "done", detail)
            overdue = s.task is not None and time.monotonic() - s.started > timeout
            if overdue or (not s.proc.is_alive() and not stopped["why"]):
                index = s.task
                s.proc.kill()
                slots[i] = Slot(ctx, cfg)
                if index is not None:
                    ended(index, False, f"timed out after {timeout:g} s" if overdue else "the worker process died")
    for s in slots:
        try:
            s.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        s.proc.join(timeout=1)
        if s.proc.is_alive():
            s.proc.kill()
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
