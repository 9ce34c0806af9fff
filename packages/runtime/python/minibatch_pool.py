"""Mini-batches run by worker processes, as Azure ML runs a batch deployment's job and a parallel
job: each worker loads once (`load()`, which returns the `run(mini_batch)` function: a scoring
script's `init()`, an entry script's) and then runs the mini-batches it is handed. A mini-batch
that fails or runs past `timeout` is retried up to `retries` times (a hung worker is replaced);
`ended(index, ok, detail)` hears every outcome and may return a reason to stop. SIGTERM and SIGINT
stop the run. Shared by batch_scoring.py and parallel_run.py."""
import multiprocessing as mp
import signal
import time
import traceback
from multiprocessing.connection import wait


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


def _worker(load, conn):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        run = load()
    except BaseException as e:  # noqa: BLE001 - not loading fails the run with the reason (SystemExit included)
        traceback.print_exc()
        conn.send(("init-failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        task = conn.recv()
        if task is None:
            return
        index, batch = task
        try:
            conn.send(("done", (index, as_rows(run(batch)))))
        except Exception as e:  # noqa: BLE001 - a failing mini-batch is retried, then counted
            traceback.print_exc()
            conn.send(("failed", (index, f"{type(e).__name__}: {e}")))


class _Slot:
    """One worker process and the mini-batch it holds."""

    def __init__(self, ctx, load):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(load, child), daemon=True)
        self.proc.start()
        self.task = None
        self.started = 0.0
        self.ready = False


def run_batches(batches, load, processes, retries, timeout, ended):
    """Runs every mini-batch; returns ({index: rows}, stop reason or None, "cancelled" when signalled)."""
    ctx = mp.get_context("fork")
    slots = [_Slot(ctx, load) for _ in range(max(1, min(int(processes or 1), len(batches) or 1)))]
    queue = list(range(len(batches)))
    tries = [0] * len(batches)
    results = {}
    stopped = {"why": None}

    def stop(_signum, _frame):
        stopped["why"] = "cancelled"

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def outcome(index, ok, detail):
        if ok:
            results[index] = detail
            why = ended(index, True, detail)
        else:
            tries[index] += 1
            if tries[index] <= retries:
                queue.append(index)
                why = ended(index, None, detail)
            else:
                why = ended(index, False, detail)
        if why and not stopped["why"]:
            stopped["why"] = why

    while (queue or any(s.task is not None for s in slots)) and not stopped["why"]:
        for s in slots:
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
                    stopped["why"] = f"init failed: {payload}"
                elif kind in ("done", "failed"):
                    index, detail = payload
                    s.task = None
                    outcome(index, kind == "done", detail)
            overdue = s.task is not None and time.monotonic() - s.started > timeout
            if overdue or (not s.proc.is_alive() and not stopped["why"]):
                index = s.task
                s.proc.kill()
                slots[i] = _Slot(ctx, load)
                if index is not None:
                    outcome(index, False, f"timed out after {timeout:g} s" if overdue else "the worker process died")
    for s in slots:
        try:
            s.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        s.proc.join(timeout=1)
        if s.proc.is_alive():
            s.proc.kill()
    return results, stopped["why"]
