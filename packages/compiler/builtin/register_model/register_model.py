"""Sluice's built-in model registration step.

Runs as the command of every registerModelStep, so registration also happens when a pipeline
runs server-side on a schedule.

* Locally (SLUICE_MODEL_REGISTRY set by Sluice's local backend): copies the model folder into
  <registry>/models/<name>/<version>/ with versions counting from 1, under a lock, atomically.
* On Azure ML: logs the folder as an artifact of this job's MLflow run and registers it, which
  the job's own identity is allowed to do.
"""
import argparse
import fcntl
import json
import os
import re
import shutil
import sys
import tempfile

MODEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model_name", required=True)
    parser.add_argument("--model_path", required=True)
    parser.add_argument("--description", default="")
    parser.add_argument("--tag", action="append", default=[], help="key=value, repeatable")
    args = parser.parse_args(argv)
    if not MODEL_NAME.match(args.model_name):
        parser.error(f"invalid model name {args.model_name!r}: use letters, digits, '_', '.', '-'")
    if not os.path.isdir(args.model_path):
        parser.error(f"model path {args.model_path!r} is not a folder")
    tags = {}
    for item in args.tag:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--tag {item!r} must be key=value")
        tags[key] = value
    args.tags = tags
    return args


def lineage():
    keys = ("SLUICE_RUN_ID", "SLUICE_STEP", "SLUICE_PIPELINE", "AZUREML_RUN_ID")
    return {k.lower(): os.environ[k] for k in keys if os.environ.get(k)}


def read_metric(model_path):
    meta = os.path.join(model_path, "MLmodel.json")
    if os.path.exists(meta):
        with open(meta, encoding="utf-8") as f:
            return json.load(f).get("metric")
    return None


def register_local(registry, args):
    models = os.path.join(registry, "models", args.model_name)
    os.makedirs(models, exist_ok=True)
    with open(os.path.join(models, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        versions = [int(v) for v in os.listdir(models) if v.isdigit()]
        version = max(versions, default=0) + 1
        staging = tempfile.mkdtemp(prefix=".staging-", dir=models)
        shutil.copytree(args.model_path, os.path.join(staging, "model"))
        record = {
            "name": args.model_name,
            "version": version,
            "description": args.description,
            "tags": args.tags,
            "lineage": lineage(),
            "metric": read_metric(args.model_path),
        }
        with open(os.path.join(staging, "model.json"), "w", encoding="utf-8") as f:
            json.dump(record, f, indent=2, sort_keys=True)
        os.rename(staging, os.path.join(models, str(version)))
    return version


def register_azure(args):
    import mlflow  # present in Azure ML's curated training environments

    with mlflow.start_run():
        mlflow.log_artifacts(args.model_path, artifact_path="model")
        run_id = mlflow.active_run().info.run_id
    result = mlflow.register_model(f"runs:/{run_id}/model", args.model_name, tags=args.tags or None)
    return result.version


def main(argv):
    args = parse_args(argv)
    print(f"model_name : {args.model_name}")
    print(f"model_path: {args.model_path}")
    registry = os.environ.get("SLUICE_MODEL_REGISTRY")
    version = register_local(registry, args) if registry else register_azure(args)
    print(f"Registered version {version} of model {args.model_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
