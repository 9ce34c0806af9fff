"""The metrics output and the MLflow-style best-model folder."""
import json
import os
import pickle
import platform

import numpy as np
import pandas as pd
import sklearn
import yaml

from .metrics import MINIMIZE


def _schema_type(dtype):
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "long"
    if pd.api.types.is_float_dtype(dtype):
        return "double"
    return "string"


def _write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_model(experiment, best, folder):
    """Fits the best model (a trial or an ensemble) on all training rows, writes it, and returns it."""
    name = best["algorithm"]
    params = best["hyperparameters"]
    model = experiment.fit(experiment.model_for(best))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model.pkl"), "wb") as f:
        pickle.dump(model, f)
    inputs = [{"name": str(c), "type": _schema_type(experiment.X[c].dtype)} for c in experiment.X.columns]
    meta = {
        "flavor": "sklearn",
        "flavors": {"python_function": {"loader_module": "mlflow.sklearn", "model_path": "model.pkl",
                                        "python_version": platform.python_version(), "env": "conda.yaml"},
                    "sklearn": {"pickled_model": "model.pkl", "serialization_format": "pickle",
                                "sklearn_version": sklearn.__version__}},
        "signature": {"inputs": inputs, "outputs": [{"name": experiment.config["target_column"],
                                                     "type": _schema_type(experiment.y.dtype)}]},
        "metric": best["primary_metric"],
        "algorithm": name,
        "hyperparameters": params,
        "iteration": best["iteration"],
        "task": experiment.task,
        "target_column": experiment.config["target_column"],
        "featurization": experiment.featurization,
    }
    _write(os.path.join(folder, "MLmodel.json"), json.dumps(meta, indent=2, sort_keys=True, default=str))
    # PyYAML writes both YAML files: column names, versions and paths are quoted as needed, so
    # any name (a quote, a colon, a leading dash) reads back exactly, as MLflow's loader parses it.
    mlmodel = {
        "artifact_path": "model",
        "flavors": meta["flavors"],
        "signature": {"inputs": json.dumps(inputs), "outputs": json.dumps(meta["signature"]["outputs"])},
        "metadata": {"primary_metric": best["primary_metric"]["name"], "score": best["primary_metric"]["value"], "algorithm": name},
    }
    _write(os.path.join(folder, "MLmodel"), yaml.safe_dump(mlmodel, sort_keys=True, allow_unicode=True))
    conda = {
        "name": "sluice-automl",
        "dependencies": [f"python={platform.python_version()}", "pip", {"pip": [
            f"scikit-learn=={sklearn.__version__}", f"pandas=={pd.__version__}", f"numpy=={np.__version__}"]}],
    }
    _write(os.path.join(folder, "conda.yaml"), yaml.safe_dump(conda, sort_keys=False))
    return model


def write_metrics(experiment, scheduler, best, folder, test_metrics=None):
    os.makedirs(folder, exist_ok=True)
    if experiment.validation is not None:
        validation = "validation data"
    elif experiment.splits is not None:
        validation = f"{len(experiment.splits)} given cross-validation splits"
    else:
        validation = f"{experiment.folds().get_n_splits()}-fold cross-validation"
    doc = {
        "task": experiment.task,
        "primary_metric": experiment.metric,
        "goal": "minimize" if experiment.metric in MINIMIZE else "maximize",
        "validation": validation,
        "featurization": experiment.featurization,
        "best_iteration": best["iteration"],
        "stopped_because": scheduler.stopped_because,
        "iterations": [scheduler.records[i] for i in sorted(scheduler.records)],
        # What Sluice carries into the step's run record and the run page (an empty list: none).
        "warnings": list(experiment.warnings),
    }
    if test_metrics is not None:
        doc["test_metrics"] = test_metrics
    _write(os.path.join(folder, "metrics.json"), json.dumps(doc, indent=2, sort_keys=True, default=str) + "\n")
