"""Sluice's built-in model registration step.

Runs as the command of every registerModelStep, so registration also happens when a pipeline
runs server-side on a schedule.

* Locally (SLUICE_MODEL_REGISTRY set by Sluice's local backend): copies the model folder into
  <registry>/models/<name>/<version>/ with versions counting from 1, under a lock, atomically.
* On Azure ML: logs the folder as an artifact of this job's MLflow run and registers it, which
  the job's own identity is allowed to do.

Registration is idempotent: a model whose files equal the newest version of that name (same
relative paths, same bytes) is not registered again; the step prints
"unchanged: <name> version <n>" instead. The content digest is kept with each version
(model.json locally, the sluice_content_sha256 tag on Azure).
"""
import argparse
import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile

from model_links import LinkError, check_links, copy_model
from step_result import report

MODEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model_name", required=True)
    parser.add_argument("--model_path", required=True)
    parser.add_argument("--description", default="")
    parser.add_argument("--tag", action="append", default=[], help="key=value, repeatable")
    parser.add_argument("--only_if_better", choices=["maximize", "minimize"], help="register only a model beating the newest version")
    parser.add_argument("--metric", help="the metric to compare (default: the one the model records)")
    parser.add_argument("--registered_model", help="folder to leave the model in, with sluice-registration.json naming its version")
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


def compare(args, new_metric, old_version, old_metric):
    """(register?, why) under --only_if_better: the new model must beat the newest version."""
    wanted = args.metric or (new_metric or {}).get("name")
    if not new_metric or new_metric.get("name") != wanted or new_metric.get("value") is None:
        return False, f"the new model records no {wanted or 'metric'}, so it cannot be shown to be better"
    if old_version is None:
        return True, f"the first version: nothing to compare ({wanted} {new_metric['value']:.4f})"
    if not old_metric or old_metric.get("name") != wanted or old_metric.get("value") is None:
        return True, f"version {old_version} records no {wanted}: registered without comparing"
    new, old = float(new_metric["value"]), float(old_metric["value"])
    beats = new > old if args.only_if_better == "maximize" else new < old
    verb = "beats" if beats else "does not beat"
    return beats, f"{wanted} {new:.4f} {verb} {old:.4f} of version {old_version} ({'higher' if args.only_if_better == 'maximize' else 'lower'} is better)"


def content_sha256(folder):
    """Digest of a folder's files: sorted relative paths and their bytes (not times, not modes)."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            digest.update(f"{len(rel)}:{rel}".encode("utf-8"))
            file_hash = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    file_hash.update(block)
            digest.update(file_hash.digest())
    return digest.hexdigest()


def newest_local(models, versions):
    """(version, content digest) of the newest local version, digest computed for old records."""
    if not versions:
        return None, None
    newest = max(versions)
    record_file = os.path.join(models, str(newest), "model.json")
    try:
        with open(record_file, encoding="utf-8") as f:
            digest = json.load(f).get("content_sha256")
    except (OSError, ValueError):
        digest = None
    if digest is None and os.path.isdir(os.path.join(models, str(newest), "model")):
        digest = content_sha256(os.path.join(models, str(newest), "model"))
    return newest, digest


def register_local(registry, args, digest):
    models = os.path.join(registry, "models", args.model_name)
    os.makedirs(models, exist_ok=True)
    with open(os.path.join(models, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        versions = [int(v) for v in os.listdir(models) if v.isdigit()]
        newest, newest_digest = newest_local(models, versions)
        if newest is not None and newest_digest == digest:
            return newest, False, None
        why = None
        if args.only_if_better:
            old_metric = None
            if newest is not None:
                with open(os.path.join(models, str(newest), "model.json"), encoding="utf-8") as f:
                    old_metric = json.load(f).get("metric")
            better, why = compare(args, read_metric(args.model_path), newest, old_metric)
            if not better:
                return newest, False, why
        version = max(versions, default=0) + 1
        staging = tempfile.mkdtemp(prefix=".staging-", dir=models)
        copy_model(args.model_path, os.path.join(staging, "model"))
        record = {
            "name": args.model_name,
            "version": version,
            "description": args.description,
            "tags": args.tags,
            "lineage": lineage(),
            "metric": read_metric(args.model_path),
            "content_sha256": digest,
        }
        with open(os.path.join(staging, "model.json"), "w", encoding="utf-8") as f:
            json.dump(record, f, indent=2, sort_keys=True)
        os.rename(staging, os.path.join(models, str(version)))
    return version, True, why


def register_azure(args, digest):
    import mlflow  # present in Azure ML's curated training environments
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    try:
        existing = client.search_model_versions(f"name='{args.model_name}'")
    except Exception:  # a model name never registered reads as "none yet"
        existing = []
    newest = max(existing, key=lambda v: int(v.version)) if existing else None
    if newest is not None and (newest.tags or {}).get("sluice_content_sha256") == digest:
        return int(newest.version), False, None
    metric = read_metric(args.model_path)
    why = None
    if args.only_if_better:
        tags = (newest.tags or {}) if newest is not None else {}
        old_metric = {"name": tags["sluice_metric_name"], "value": float(tags["sluice_metric_value"])} if "sluice_metric_value" in tags else None
        better, why = compare(args, metric, int(newest.version) if newest is not None else None, old_metric)
        if not better:
            return int(newest.version), False, why
    with mlflow.start_run():
        mlflow.log_artifacts(args.model_path, artifact_path="model")
        run_id = mlflow.active_run().info.run_id
    tags = {**args.tags, "sluice_content_sha256": digest}
    if metric:
        tags.update({"sluice_metric_name": str(metric.get("name")), "sluice_metric_value": str(metric.get("value"))})
    result = mlflow.register_model(f"runs:/{run_id}/model", args.model_name, tags=tags)
    return int(result.version), True, why


REGISTRATION_FILE = "sluice-registration.json"


def write_registered(folder, args, version, created, why):
    """The model's files and which version holds them, for a deploy step (none when it was kept)."""
    copy_model(args.model_path, folder, dirs_exist_ok=True)
    status = "registered" if created else ("kept" if why else "unchanged")
    record = {"name": args.model_name, "status": status, "version": None if status == "kept" else version, "why": why or ""}
    if status == "kept":
        record["newest"] = version
    with open(os.path.join(folder, REGISTRATION_FILE), "w", encoding="utf-8") as f:
        json.dump(record, f, indent=2, sort_keys=True)


def main(argv):
    args = parse_args(argv)
    print(f"model_name : {args.model_name}")
    print(f"model_path: {args.model_path}")
    registry = os.environ.get("SLUICE_MODEL_REGISTRY")
    try:
        check_links(args.model_path)
    except LinkError as error:
        print(f"register_model: {error}", file=sys.stderr)
        return 2
    digest = content_sha256(args.model_path)
    version, created, why = register_local(registry, args, digest) if registry else register_azure(args, digest)
    if created:
        print(f"Registered version {version} of model {args.model_name}" + (f": {why}" if why else ""))
    elif why:
        print(f"kept: {args.model_name} version {version}, not registered: {why}")
    else:
        print(f"unchanged: {args.model_name} version {version} (same content as the newest version; not registered again)")
    outcome = "registered" if created else ("kept" if why else "unchanged")
    report({"step": "register", "outcome": outcome, "model": args.model_name, "version": str(version), "why": why or None})
    if args.registered_model:
        write_registered(args.registered_model, args, version, created, why)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
