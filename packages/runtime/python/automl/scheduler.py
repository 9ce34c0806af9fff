"""Runs trials in child processes under the concurrency, timeout and early-termination limits."""
import multiprocessing as mp
import time

from .algorithms import trial_spec
from .metrics import MINIMIZE


def _trial_worker(experiment, iteration, conn):
    started = time.monotonic()
    try:
        name, params, values = experiment.evaluate(iteration)
        conn.send({"status": "completed", "algorithm": name, "hyperparameters": params, "metrics": values,
                   "duration_seconds": round(time.monotonic() - started, 3)})
    except Exception as error:  # a failing trial is recorded, the experiment goes on
        name, _, params = trial_spec(experiment.task, iteration, experiment.seed, experiment.algorithms)
        conn.send({"status": "failed", "algorithm": name, "hyperparameters": params,
                   "error": f"{type(error).__name__}: {error}", "duration_seconds": round(time.monotonic() - started, 3)})
    finally:
        conn.close()


class Scheduler:
    """Runs trials in child processes, at most `max_concurrent_trials` at once, and stops them at
    the per-trial or experiment timeout; stops early when the score stops improving."""

    def __init__(self, experiment, limits):
        self.experiment = experiment
        self.max_trials = int(limits.get("max_trials") or 1000)
        self.concurrency = max(1, int(limits.get("max_concurrent_trials") or 1))
        self.trial_timeout = float(limits.get("trial_timeout_minutes") or 30) * 60
        self.deadline = time.monotonic() + float(limits.get("timeout_minutes") or 360) * 60
        self.early = bool(limits.get("enable_early_termination"))
        self.exit_score = limits.get("exit_score")
        self.patience = int(experiment.config.get("early_termination_patience", 10))
        self.records = {}
        self.stopped_because = "max trials reached"

    def best(self):
        done = [r for r in self.records.values() if r["status"] == "completed"]
        sign = -1 if self.experiment.metric in MINIMIZE else 1
        return max(done, key=lambda r: (sign * r["primary_metric"]["value"], -r["iteration"]), default=None)

    def reached_exit_score(self):
        """Azure's exit_score: stop once the best primary metric is at least as good as it."""
        best = self.best()
        if self.exit_score is None or best is None:
            return False
        value = best["primary_metric"]["value"]
        return value <= self.exit_score if self.experiment.metric in MINIMIZE else value >= self.exit_score

    def no_progress(self):
        done = sorted((r for r in self.records.values() if r["status"] == "completed"), key=lambda r: r["iteration"])
        best = self.best()
        return self.early and best is not None and len([r for r in done if r["iteration"] > best["iteration"]]) >= self.patience

    def record(self, iteration, result):
        result["iteration"] = iteration
        if result["status"] == "completed":
            value = result["metrics"][self.experiment.metric]
            result["primary_metric"] = {"name": self.experiment.metric, "value": value}
        self.records[iteration] = result
        shown = f"{result['primary_metric']['value']:.4f}" if "primary_metric" in result else result["status"]
        print(f"iteration {iteration}: {result['algorithm']} {self.experiment.metric}={shown} "
              f"({result['duration_seconds']}s)", flush=True)

    def run(self):
        ctx = mp.get_context("fork")
        running, next_iteration = {}, 0
        while next_iteration < self.max_trials or running:
            stop = time.monotonic() >= self.deadline or self.no_progress() or self.reached_exit_score()
            while not stop and next_iteration < self.max_trials and len(running) < self.concurrency:
                parent, child = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_trial_worker, args=(self.experiment, next_iteration, child), daemon=True)
                proc.start()
                child.close()
                running[next_iteration] = (proc, parent, time.monotonic())
                next_iteration += 1
            if stop and next_iteration < self.max_trials:
                self.stopped_because = (
                    "experiment timeout" if time.monotonic() >= self.deadline else "exit score reached" if self.reached_exit_score() else "early termination"
                )
                next_iteration = self.max_trials
            self.collect(running)
            time.sleep(0.02)
        return self.best()

    def collect(self, running):
        for iteration, (proc, conn, started) in list(running.items()):
            now = time.monotonic()
            if conn.poll():
                try:
                    result = conn.recv()
                except EOFError:
                    result = {"status": "failed", "error": "trial process exited without a result"}
            elif not proc.is_alive():
                result = {"status": "failed", "error": f"trial process exited with code {proc.exitcode}"}
            elif now - started > self.trial_timeout:
                result = {"status": "timed_out", "error": f"exceeded the iteration timeout ({self.trial_timeout:.0f}s)"}
            elif now > self.deadline:
                result = {"status": "canceled", "error": "experiment timeout reached"}
            else:
                continue
            if proc.is_alive():
                proc.kill()
            proc.join()
            if "algorithm" not in result:
                name, _, params = trial_spec(self.experiment.task, iteration, self.experiment.seed, self.experiment.algorithms)
                result.update({"algorithm": name, "hyperparameters": params, "duration_seconds": round(now - started, 3)})
            self.record(iteration, result)
            del running[iteration]
