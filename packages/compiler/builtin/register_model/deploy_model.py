"""Sluice's built-in deploy step: point an online endpoint's deployment at a newly registered model.

Runs as the command of every deployModelStep, so promotion also happens when a pipeline runs
server-side on a schedule. Its model input is a register step's output: the model's files and
sluice-registration.json, which names the version holding them (none when the register step
kept the old version, and then there is nothing to deploy).

* On Azure ML (AZUREML_ARM_SUBSCRIPTION set, as in every job): the job's managed identity reads
  the deployment, scores the held-out rows through the endpoint's scoring URI with the
  deployment pinned (`azureml-model-deployment`), and, when the new model wins, PUTs the
  deployment with the new model version and waits for the operation.
* On this machine (SLUICE_ENDPOINTS_DIR set by Sluice's local backend): the serving model is the
  one the endpoint's state names (<endpoints>/<endpoint>/deployments.json), loaded from the local
  registry; a promotion rewrites that file atomically, and `sluice serve` serves the new model.

With --held_out, both models predict every held-out row, and the new one must beat the serving
one on --metric. The step prints one line saying what it did and why:
"deployed: …", "kept: …" or "unchanged: …".
"""
import argparse
import json
import os
import sys

from held_out import EvaluationError, StepError, evaluate, load_held_out, model_scorer
from step_result import report

REGISTRATION_FILE = "sluice-registration.json"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True, help="a register step's registered_model output")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--deployment", required=True)
    parser.add_argument("--held_out", help="CSV file or folder of CSV files with the label column")
    parser.add_argument("--label_column")
    parser.add_argument("--metric", default="accuracy")
    parser.add_argument("--goal", choices=["maximize", "minimize"], default="maximize")
    args = parser.parse_args(argv)
    if args.held_out and not args.label_column:
        parser.error("--held_out needs --label_column")
    return args


def registration(model_dir):
    path = os.path.join(model_dir, REGISTRATION_FILE)
    if not os.path.exists(path):
        raise SystemExit(f"error: {REGISTRATION_FILE} is missing from the model input: give the deploy step a register step's outputs.model")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def target_name(args):
    return f"{args.endpoint}/{args.deployment}"


def decide(args, candidate, serving, backend):
    """(deploy?, why): compare on the held-out set when asked, else deploy every new version."""
    new = f"{candidate['name']}:{candidate['version']}"
    if serving is None:
        return True, f"nothing served yet: {new} is the first model"
    old = f"{serving['name']}:{serving['version']}"
    if not args.held_out:
        return True, f"replaces {old} (no held-out comparison asked)"
    frame, labels = load_held_out(args.held_out, args.label_column)
    rows = len(labels)
    new_value = evaluate(args.metric, labels, model_scorer(candidate["dir"]).predict(frame))
    try:
        old_value = evaluate(args.metric, labels, backend.predict_serving(serving, frame))
    except EvaluationError as e:  # a serving model that cannot score is worse than one that can
        return True, f"{old} cannot score the held-out rows ({e}); {new} scores {args.metric} {new_value:.4f} on {rows} held-out rows"
    beats = new_value > old_value if args.goal == "maximize" else new_value < old_value
    verb = "beats" if beats else "does not beat"
    direction = "higher" if args.goal == "maximize" else "lower"
    return beats, f"{args.metric} {new_value:.4f} of {new} {verb} {old_value:.4f} of {old} on {rows} held-out rows ({direction} is better)"


def main(argv):
    args = parse_args(argv)
    try:
        return promote(args)
    except StepError as e:
        raise SystemExit(f"error: {target_name(args)} not updated: {e}") from None


def promote(args):
    reg = registration(args.model)
    target = target_name(args)
    if reg.get("status") == "kept" or reg.get("version") is None:
        why = f"the new model was not registered ({reg.get('why') or 'no version'})"
        print(f"kept: {target} not updated: {why}")
        report({"step": "deploy", "outcome": "kept", "target": target, "serves": None, "why": why})
        return 0
    candidate = {"name": reg["name"], "version": str(reg["version"]), "dir": args.model}
    if os.environ.get("AZUREML_ARM_SUBSCRIPTION"):
        from azure_target import AzureTarget

        backend = AzureTarget(args.endpoint, args.deployment)
    elif os.environ.get("SLUICE_ENDPOINTS_DIR"):
        from local_target import LocalTarget

        backend = LocalTarget(os.environ["SLUICE_ENDPOINTS_DIR"], args.endpoint, args.deployment)
    else:
        raise SystemExit("error: neither an Azure ML job (AZUREML_ARM_SUBSCRIPTION) nor a Sluice local run (SLUICE_ENDPOINTS_DIR)")
    serving = backend.serving()
    if serving is False:
        print(f"kept: {target} not updated: {backend.absent_reason}")
        report({"step": "deploy", "outcome": "kept", "target": target, "serves": None, "why": backend.absent_reason})
        return 0
    if serving is not None and serving["name"] == candidate["name"] and str(serving["version"]) == candidate["version"]:
        print(f"unchanged: {target} already serves {candidate['name']}:{candidate['version']}")
        report({"step": "deploy", "outcome": "unchanged", "target": target, "serves": model_of(candidate), "why": None})
        return 0
    deploy, why = decide(args, candidate, serving, backend)
    if deploy:
        backend.deploy(candidate, why)
        print(f"deployed: {target} now serves {candidate['name']}:{candidate['version']} ({why})")
        report({"step": "deploy", "outcome": "deployed", "target": target, "serves": model_of(candidate), "why": why})
    else:
        backend.record_kept(candidate, why)
        print(f"kept: {target} still serves {serving['name']}:{serving['version']} ({why})")
        report({"step": "deploy", "outcome": "kept", "target": target, "serves": model_of(serving), "why": why})
    return 0


def model_of(model):
    """A model as the result document names it."""
    return {"name": model["name"], "version": str(model["version"])}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
