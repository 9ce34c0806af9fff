"""The deploy step on this machine: an endpoint's state in <endpoints>/<name>/deployments.json.

The file maps each deployment to the model version it serves (and the run and reason that put it
there); `sluice serve` serves that version, and a running `sluice serve` switches to it. Every
decision, deployed or kept, is appended to history.jsonl beside it.
"""
import fcntl
import json
import os
import re
import tempfile
from contextlib import contextmanager

from held_out import EvaluationError, model_scorer

SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$")


class LocalTarget:
    def __init__(self, endpoints_dir, endpoint, deployment):
        if not SEGMENT.match(endpoint) or not SEGMENT.match(deployment):
            raise SystemExit(f"error: invalid endpoint or deployment name {endpoint!r}/{deployment!r}")
        self.dir = os.path.join(endpoints_dir, endpoint)
        self.deployment = deployment
        self.registry = os.environ.get("SLUICE_MODEL_REGISTRY", "")
        self.absent_reason = ""

    @property
    def state_file(self):
        return os.path.join(self.dir, "deployments.json")

    def _read(self):
        try:
            with open(self.state_file, encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def serving(self):
        entry = self._read().get(self.deployment)
        return dict(entry["model"]) if entry and isinstance(entry.get("model"), dict) else None

    def predict_serving(self, serving, frame):
        folder = os.path.join(self.registry, "models", serving["name"], str(serving["version"]), "model")
        if not os.path.isdir(folder):
            raise EvaluationError(f"version {serving['version']} is not in the local registry")
        return model_scorer(folder).predict(frame)

    @contextmanager
    def _locked(self):
        os.makedirs(self.dir, exist_ok=True)
        with open(os.path.join(self.dir, ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _history(self, decision, candidate, why):
        record = {
            "decision": decision,
            "deployment": self.deployment,
            "model": {"name": candidate["name"], "version": candidate["version"]},
            "run": os.environ.get("SLUICE_RUN_ID", ""),
            "step": os.environ.get("SLUICE_STEP", ""),
            "why": why,
        }
        with open(os.path.join(self.dir, "history.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(record, sort_keys=True) + "\n")

    def deploy(self, candidate, why):
        with self._locked():
            state = self._read()
            state[self.deployment] = {
                "model": {"name": candidate["name"], "version": candidate["version"]},
                "run": os.environ.get("SLUICE_RUN_ID", ""),
                "why": why,
            }
            fd, staging = tempfile.mkstemp(prefix=".deployments-", dir=self.dir)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(state, f, indent=2, sort_keys=True)
                f.write("\n")
            os.replace(staging, self.state_file)
            self._history("deployed", candidate, why)

    def record_kept(self, candidate, why):
        with self._locked():
            self._history("kept", candidate, why)
