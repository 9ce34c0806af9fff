"""Sluice's local AutoML engine: Azure ML's AutoML step, run on this machine with scikit-learn.

Usage: automl_engine.py <config.json>. The config (written by Sluice's local backend from the
compiled AutoML node) names the task, label column, data, primary metric, featurization, limits
and the two output folders. Writes:
  <metrics>/metrics.json   one record per iteration: algorithm, hyperparameters, status,
                           primary metric and the other standard metrics
  <best_model>/model.pkl   the fitted scikit-learn pipeline (featurization + estimator)
  <best_model>/MLmodel     MLflow-style metadata: flavors, input schema, metric (also MLmodel.json)
Problems with the data are one line on stderr (`error: …`, exit code 2); thin data trains, with
`warning: …` lines on stderr for the log and the same text under `warnings` in metrics.json,
which is where Sluice reads them from (into the run record, the run page and `--json` events).
Exit codes: 0 done, 2 bad configuration or data, 3 no iteration succeeded.
"""
import parent_watch  # noqa: F401  (first: ends this process if Sluice dies, SIGKILL included)
import json
import sys
import traceback

from automl.errors import UserError
from automl.guards import load_tables


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        config = json.load(f)
    if config["task"] == "forecasting":
        raise UserError("forecasting is not supported by the local AutoML engine; run this pipeline on Azure ML")
    if config["task"] not in ("classification", "regression"):
        raise UserError(f"unknown AutoML task '{config['task']}'")
    warnings = []
    tables = load_tables(config, warnings)
    # scikit-learn takes seconds to import: only once the data is known to be usable.
    from automl.charts import write_charts
    from automl.ensembles import run_ensembles
    from automl.experiment import Experiment
    from automl.outputs import write_metrics, write_model
    from automl.scheduler import Scheduler

    experiment = Experiment(config, tables, warnings)
    for warning in experiment.warnings:
        print(f"warning: {warning}", file=sys.stderr, flush=True)
    print(f"AutoML {experiment.task}: {len(experiment.X)} rows, {len(experiment.numeric)} numeric and "
          f"{len(experiment.categorical)} categorical columns, primary metric {experiment.metric}", flush=True)
    scheduler = Scheduler(experiment, config.get("limits") or {})
    for note in config.get("notes") or []:
        print(f"note: {note}", flush=True)
    scheduler.run()
    run_ensembles(experiment, scheduler)
    best = scheduler.best()
    if best is None:
        errors = "; ".join(sorted({r.get("error", r["status"]) for r in scheduler.records.values()}))
        print(f"no iteration succeeded: {errors}", file=sys.stderr)
        return 3
    model = write_model(experiment, best, config["outputs"]["best_model"])
    tested = experiment.test_metrics(model)
    if tested is not None:
        print(f"test data: {experiment.metric}={tested[experiment.metric]:.4f}", flush=True)
    write_metrics(experiment, scheduler, best, config["outputs"]["metrics"], tested)
    write_charts(experiment, best, config["outputs"]["metrics"])
    print(f"best: iteration {best['iteration']} {best['algorithm']} "
          f"{experiment.metric}={best['primary_metric']['value']:.4f} ({scheduler.stopped_because})", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
