"""Sluice's local sweep engine: Azure ML's sweep node, run on this machine.

Usage: sweep_engine.py <config.json>. The config (written by Sluice's local backend from the
compiled sweep node) holds the trial's command (argv lists with `${{search_space.x}}` and
`${{outputs.y}}` left to fill), the search space, sampling, objective, limits, early
termination, the step's output folders, a trials folder and a cache folder. Each trial runs as
its own process with its sampled values; its metrics come from MLflow calls (MLflow's file store
where MLflow is installed, else Sluice's `mlflow` module on its path). A trial whose component,
inputs and values ran before is reused from the cache, if Sluice listed its entry as `reusable`
(checked against the manifest Sluice records for each entry; `damaged` entries are named in the
log and run again). Writes <trials>/../sweep.json (every trial, the best) and copies the best
trial's outputs into the step's outputs.
Exit codes: 0 done, 2 bad configuration, 3 no trial succeeded.
"""
import parent_watch  # noqa: F401  (first: ends this process if Sluice dies, SIGKILL included)
import hashlib
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import time

from sweep.policies import should_stop
from sweep.sampling import UserError, sampler_for

HERE = os.path.dirname(os.path.abspath(__file__))


def _text(value):
    """A value as Azure passes it on a command line (Python's str(), booleans as True/False)."""
    return str(value)


def _fill(commands, params, outputs):
    def word(w):
        for n, v in params.items():
            w = w.replace("${{search_space.%s}}" % n, _text(v))
        for n, p in outputs.items():
            w = w.replace("${{outputs.%s}}" % n, p)
        return w

    return [[word(w) for w in argv] for argv in commands]


def _read_metrics(trial_dir):
    """Every metric the trial logged, by name, in order: from Sluice's module or MLflow's file store."""
    series = {}
    shim = os.path.join(trial_dir, "mlflow.jsonl")
    if os.path.exists(shim):
        with open(shim, encoding="utf-8") as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue  # a line being written
                if r.get("kind") == "metric":
                    series.setdefault(r["key"], []).append(r["value"])
    store = os.path.join(trial_dir, "mlruns")
    for root, _, files in os.walk(store):
        if os.path.basename(root) != "metrics":
            continue
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8") as f:
                rows = [line.split() for line in f if line.strip()]
            series.setdefault(name, []).extend(float(r[1]) for r in sorted(rows, key=lambda r: (int(r[2]), int(r[0]))))
    return series


class Trial:
    def __init__(self, engine, index, params):
        self.engine = engine
        self.index = index
        self.params = params
        self.id = f"trial_{index}"
        self.dir = os.path.join(engine.trials_dir, self.id)
        self.key = hashlib.sha256((engine.config["fingerprint"] + json.dumps(params, sort_keys=True)).encode()).hexdigest()
        self.cached = os.path.join(engine.cache_dir, self.key)
        self.outputs = {n: os.path.join(self.dir, "outputs", n) for n in engine.config["outputs"]}
        self.status = "queued"
        self.proc = None
        self.started = None
        self.duration = None
        self.reused = False

    def series(self):
        # An ended trial's metrics do not change: read them once.
        if self.status not in ("queued", "running") and getattr(self, "_series", None) is not None:
            return self._series
        values = _read_metrics(self.dir).get(self.engine.metric, [])
        if self.status not in ("queued", "running"):
            self._series = values
        return values

    def metric(self):
        values = self.series()
        return values[-1] if values else None

    def start(self):
        # Only an entry Sluice checked against its manifest is reused; any other is named and rebuilt.
        if self.key in self.engine.reusable:
            return self.reuse()
        why = self.engine.damaged.get(self.key)
        if why is None and os.path.exists(self.cached):
            why = "it has no manifest naming this sweep"
        if why is not None:
            self.engine.say(f"trial {self.index}: its cached copy {self.key[:12]} cannot be used ({why}); it runs again")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        for p in self.outputs.values():
            os.makedirs(p, exist_ok=True)
        env = dict(os.environ)
        env.update(self.engine.config.get("env") or {})
        env["SLUICE_TRIAL_ID"] = self.id
        # Trials share this machine's cores (on Azure each has its node): native thread pools get a share each.
        share = str(max(1, (os.cpu_count() or 1) // self.engine.concurrency))
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(var, share)
        env["SLUICE_MLFLOW_FILE"] = os.path.join(self.dir, "mlflow.jsonl")
        if self.engine.real_mlflow:
            env["MLFLOW_TRACKING_URI"] = "file://" + os.path.join(self.dir, "mlruns")
        else:
            env["PYTHONPATH"] = os.pathsep.join(p for p in [os.path.join(HERE, "mlflow_shim"), env.get("PYTHONPATH")] if p)
        argv = _fill(self.engine.config["commands"], self.params, self.outputs)
        self.log = open(os.path.join(self.dir, "trial.log"), "wb")
        self.started = time.monotonic()
        self.argvs = [[sys.executable if a[0] in ("python", "python3") else a[0], *a[1:]] for a in argv]
        self.env = env
        self.next_command()
        self.status = "running"
        self.engine.say(f"trial {self.index} started: {self.describe()}")
        self.engine.progress("started", self)

    def next_command(self):
        argv = self.argvs.pop(0)
        self.proc = subprocess.Popen(argv, cwd=self.engine.config["cwd"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)

    def reuse(self):
        with open(os.path.join(self.cached, "result.json"), encoding="utf-8") as f:
            result = json.load(f)
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.copytree(os.path.join(self.cached, "trial"), self.dir)
        self.status, self.duration, self.reused = result["status"], result["duration_seconds"], True
        self.engine.say(f"trial {self.index} reused: {self.describe()} {self.engine.metric}={self.shown()}")
        self.engine.progress("finished", self)

    def poll(self):
        """Advances a running trial; returns True once it has ended."""
        code = self.proc.poll()
        if code is None:
            if time.monotonic() - self.started > self.engine.trial_timeout:
                return self.stop("timed_out")
            return False
        if code == 0 and self.argvs:
            self.next_command()
            return False
        return self.finish("completed" if code == 0 else "failed")

    def stop(self, status):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.finish(status)

    def finish(self, status):
        self.log.close()
        self.duration = round(time.monotonic() - self.started, 3)
        self.status = status if not (status == "completed" and self.metric() is None) else "failed"
        if status == "completed" and self.metric() is None:
            self.error = f"the trial logged no '{self.engine.metric}' metric (log it with mlflow.log_metric)"
        if self.status in ("completed", "terminated"):
            self.save()
        note = f" ({self.error})" if getattr(self, "error", None) else ""
        self.engine.say(f"trial {self.index} {self.status}: {self.describe()} {self.engine.metric}={self.shown()} ({self.duration}s){note}")
        self.engine.progress("finished", self)
        return True

    def save(self):
        tmp = self.cached + f".tmp{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(self.dir, os.path.join(tmp, "trial"))
        with open(os.path.join(tmp, "result.json"), "w", encoding="utf-8") as f:
            # `fingerprint` says whose trial this is: Sluice records the entry's manifest once the sweep ends.
            json.dump({"status": self.status, "duration_seconds": self.duration, "params": self.params,
                       "fingerprint": self.engine.config["fingerprint"]}, f)
        shutil.rmtree(self.cached, ignore_errors=True)
        os.makedirs(os.path.dirname(self.cached), exist_ok=True)
        os.replace(tmp, self.cached)

    def describe(self):
        return ", ".join(f"{n}={v}" for n, v in sorted(self.params.items()))

    def shown(self):
        m = self.metric()
        return "-" if m is None else f"{m:.6g}"

    def record(self):
        r = {"id": self.id, "index": self.index, "params": self.params, "metric": self.metric(), "status": self.status,
             "reused": self.reused, "duration_seconds": self.duration, "intermediate": self.series()}
        if getattr(self, "error", None):
            r["error"] = self.error
        return r


class Engine:
    def __init__(self, config):
        self.config = config
        self.metric = config["objective"]["metric"]
        self.goal = config["objective"]["goal"]
        limits = config.get("limits") or {}
        self.max_trials = int(limits.get("max_total_trials") or 20)
        self.concurrency = max(1, int(limits.get("max_concurrent_trials") or 1))
        self.trial_timeout = float(limits.get("trial_timeout") or 7 * 24 * 3600)
        self.deadline = time.monotonic() + float(limits.get("timeout") or 7 * 24 * 3600)
        self.policy = config.get("early_termination")
        self.trials_dir = config["trials_dir"]
        self.cache_dir = config["cache_dir"]
        self.reusable = set(config.get("reusable") or [])
        self.damaged = config.get("damaged") or {}
        self.real_mlflow = importlib.util.find_spec("mlflow") is not None and not os.environ.get("SLUICE_MLFLOW_SHIM")
        self.sampler = sampler_for(config)
        self.trials = []

    def say(self, line):
        print(line, flush=True)

    def progress(self, event, trial):
        """One line per trial start and end in <step>/sweep-events.jsonl, which Sluice turns into live events."""
        best = self.best()
        line = {
            "event": event,
            "trial": trial.record(),
            "done": sum(1 for t in self.trials if t.status not in ("queued", "running")),
            "running": sum(1 for t in self.trials if t.status == "running"),
            "total": self.sampler.total(self.max_trials),
            "best": best and {"id": best.id, "params": best.params, "metric": best.metric()},
        }
        with open(os.path.join(os.path.dirname(self.trials_dir), "sweep-events.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(line, sort_keys=True) + "\n")

    def series(self):
        return {t.id: t.series() for t in self.trials if t.status in ("running", "completed", "terminated")}

    def police(self, running):
        """Applies the early termination policy to every running trial's latest interval."""
        if not self.policy:
            return
        series = self.series()
        for t in list(running):
            if series.get(t.id) and should_stop(self.policy, self.goal, series, t.id):
                t.error = f"stopped by the {self.policy['policy']} policy at interval {len(series[t.id])}"
                t.stop("terminated")
                self.sampler.tell(t.index, t.metric())
                running.remove(t)

    def run(self):
        total = self.sampler.total(self.max_trials)
        running, next_index = [], 0
        while next_index < total or running:
            timed_out = time.monotonic() >= self.deadline
            while not timed_out and next_index < total and len(running) < self.concurrency:
                trial = Trial(self, next_index, self.sampler.draw(next_index))
                self.trials.append(trial)
                next_index += 1
                trial.start()
                if trial.reused:
                    self.sampler.tell(trial.index, trial.metric())
                else:
                    running.append(trial)
            if timed_out:
                for t in running:
                    t.error = "the sweep's timeout was reached"
                    t.stop("canceled")
                running, next_index = [], total
                break
            for t in list(running):
                if t.poll():
                    running.remove(t)
                    self.sampler.tell(t.index, t.metric() if t.status == "completed" else None)
            # The policy reads metric files: ten times a second is soon enough to stop a laggard.
            if time.monotonic() - getattr(self, "_policed", 0) >= 0.1:
                self._policed = time.monotonic()
                self.police(running)
            # Short waits: a trial's end is noticed within a few milliseconds (most trials are short).
            time.sleep(0.002 if running else 0)

    def best(self):
        done = [t for t in self.trials if t.status == "completed" and t.metric() is not None]
        if not done:
            return None
        sign = -1 if self.goal == "minimize" else 1
        return max(done, key=lambda t: (sign * t.metric(), -t.index))

    def finish(self):
        best = self.best()
        doc = {
            "objective": {"metric": self.metric, "goal": self.goal},
            "sampling": self.config["sampling"],
            "trials": [t.record() for t in self.trials],
            "best": best and {"id": best.id, "params": best.params, "metric": best.metric()},
        }
        with open(os.path.join(os.path.dirname(self.trials_dir), "sweep.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, sort_keys=True)
        if best is None:
            return None
        for name, target in self.config["outputs"].items():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(best.outputs[name], target)
        return best


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        config = json.load(f)
    if config["sampling"]["type"] == "random" and config["sampling"].get("seed") is None:
        config["sampling"]["seed"] = random.SystemRandom().randrange(2**31)
    engine = Engine(config)
    n = engine.sampler.total(engine.max_trials)
    print(f"sweep: {n} trials, {engine.concurrency} at once, {config['sampling']['type']} sampling"
          f"{' (seed %s)' % config['sampling']['seed'] if config['sampling'].get('seed') is not None else ''}, "
          f"{engine.goal} {engine.metric}", flush=True)
    engine.run()
    best = engine.finish()
    reused = sum(1 for t in engine.trials if t.reused)
    if best is None:
        print(f"no trial succeeded ({len(engine.trials)} tried)", file=sys.stderr)
        return 3
    print(f"best: {best.id} {best.describe()} {engine.metric}={best.shown()}; {len(engine.trials)} trials, {reused} reused", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
