"""Sluice's stand-in for the MLflow tracking calls a trial script makes, for machines without MLflow.

Azure ML trial scripts log their metrics with MLflow (`mlflow.log_metric`, `log_metrics`,
`log_param`, `autolog`). Where MLflow is installed, Sluice points it at a file store in the
trial's folder and reads that; where it is not, this module is first on the trial's path and
records the same calls as JSON lines in the file named by SLUICE_MLFLOW_FILE, one per call.
`autolog()` and artifact logging are accepted and record nothing (there is no model flavour to
hook here): log the objective explicitly.
"""
import contextlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import time


def _real_mlflow():
    """The installed MLflow further down the path, if any: a command step puts this module first
    on its path without knowing whether its Python has MLflow; where it does, MLflow is used."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    return importlib.machinery.PathFinder.find_spec("mlflow", path)


_spec = _real_mlflow() if os.environ.get("SLUICE_MLFLOW_DEFER") == "1" else None
if _spec is not None and _spec.loader is not None:
    # The import system returns whatever sys.modules holds for the name once this module ran.
    _real = importlib.util.module_from_spec(_spec)
    sys.modules["mlflow"] = _real
    _spec.loader.exec_module(_real)

__version__ = "0.0.0+sluice"
_run_id = os.environ.get("SLUICE_TRIAL_ID", "local")
_steps = {}


def _write(record):
    path = os.environ.get("SLUICE_MLFLOW_FILE")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
        f.flush()


def log_metric(key, value, step=None, **_):
    if step is None:
        step = _steps.get(key, 0)
    _steps[key] = int(step) + 1
    _write({"kind": "metric", "key": str(key), "value": float(value), "step": int(step), "time": time.time()})


def log_metrics(metrics, step=None, **_):
    for key, value in metrics.items():
        log_metric(key, value, step)


def log_param(key, value, **_):
    _write({"kind": "param", "key": str(key), "value": str(value)})


def log_params(params, **_):
    for key, value in params.items():
        log_param(key, value)


def set_tag(key, value, **_):
    _write({"kind": "tag", "key": str(key), "value": str(value)})


def set_tags(tags, **_):
    for key, value in tags.items():
        set_tag(key, value)


def autolog(*_, **__):
    """Accepted so scripts run unchanged; records nothing (log the objective with log_metric)."""


def log_artifact(*_, **__):
    pass


def log_artifacts(*_, **__):
    pass


def set_experiment(*_, **__):
    pass


def set_tracking_uri(*_, **__):
    pass


class _Run:
    class info:  # noqa: N801 - mirrors mlflow.entities.RunInfo's attribute access
        run_id = _run_id


@contextlib.contextmanager
def start_run(*_, **__):
    yield _Run()


def end_run(*_, **__):
    pass


def active_run():
    return _Run()
