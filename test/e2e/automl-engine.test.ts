import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, SHARED_DIR } from "../helpers/run-node.ts";
import { TITANIC_CSV } from "../helpers/local-sandbox.ts";

const ENGINE = join(REPO_ROOT, "packages/runtime/python/automl_engine.py");
const HEART = join(SHARED_DIR, "data", "heart.csv");
const root = mkdtempSync(join(tmpdir(), "sluice-automl-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function engine(name: string, config: Record<string, unknown>) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const outputs = { best_model: join(dir, "best_model"), metrics: join(dir, "metrics") };
  writeFileSync(join(dir, "config.json"), JSON.stringify({ seed: 42, featurization: "auto", outputs, ...config }));
  const run = spawnSync("/usr/bin/python3", [ENGINE, join(dir, "config.json")], { encoding: "utf8" });
  const metrics = run.status === 0 ? JSON.parse(readFileSync(join(outputs.metrics, "metrics.json"), "utf8")) : undefined;
  return { run, metrics, outputs };
}

describe("local AutoML engine", () => {
  it("does regression with Azure's regression metrics and a model that loads", () => {
    const { run, metrics, outputs } = engine("regression", {
      task: "regression",
      target_column: "thalach",
      training_data: HEART,
      primary_metric: "r2_score",
      limits: { max_trials: 3 },
    });
    expect(run.stderr).toBe("");
    expect(metrics.primary_metric).toBe("r2_score");
    expect(metrics.iterations).toHaveLength(3);
    expect(Object.keys(metrics.iterations[0].metrics)).toEqual(
      expect.arrayContaining(["spearman_correlation", "normalized_root_mean_squared_error", "r2_score", "normalized_mean_absolute_error"]),
    );
    const meta = JSON.parse(readFileSync(join(outputs.best_model, "MLmodel.json"), "utf8"));
    expect(meta).toMatchObject({ task: "regression", metric: { name: "r2_score" }, target_column: "thalach" });
    const load = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import pickle,sys,pandas; m=pickle.load(open(sys.argv[1],'rb')); print(len(m.predict(pandas.read_csv(sys.argv[2]).drop(columns=['thalach']))))",
        join(outputs.best_model, "model.pkl"),
        HEART,
      ],
      { encoding: "utf8" },
    );
    expect(load.stdout.trim()).toBe("303");
    // The run page's charts: out-of-sample predictions of the best model against the truth.
    const charts = JSON.parse(readFileSync(join(outputs.metrics, "charts.json"), "utf8"));
    expect(charts).toMatchObject({ kind: "regression", iteration: metrics.best_iteration });
    expect(charts.predicted_vs_true).toHaveLength(303);
    for (const [[t, p], [t2, r]] of charts.predicted_vs_true.map((pair: number[], i: number) => [pair, charts.residuals[i]])) {
      expect(t2).toBe(t);
      expect(r).toBeCloseTo(p - t, 9);
    }
  });

  it("writes the best classifier's ROC and precision-recall curves and confusion matrix for the run page", () => {
    const { run, outputs } = engine("charts", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "AUC_weighted",
      limits: { max_trials: 2 },
    });
    expect(run.status, run.stderr).toBe(0);
    const charts = JSON.parse(readFileSync(join(outputs.metrics, "charts.json"), "utf8"));
    expect(charts).toMatchObject({ kind: "classification", curves_of: "positive class 1", confusion_matrix: { labels: ["0", "1"] } });
    // Every passenger is counted once (cross-validated predictions), and the curves run from corner to corner.
    expect(charts.confusion_matrix.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(891);
    expect(charts.roc[0]).toEqual([0, 0]);
    expect(charts.roc.at(-1)).toEqual([1, 1]);
    expect(charts.roc.length).toBeLessThanOrEqual(200);
    expect(charts.precision_recall.length).toBeLessThanOrEqual(200);
  });

  it("featurizes raw categorical columns with 'auto' and refuses them with 'off'", () => {
    const auto = engine("auto", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "accuracy",
      limits: { max_trials: 2 },
    });
    expect(auto.run.status).toBe(0);
    expect(auto.run.stdout).toMatch(/\d+ numeric and [1-9]\d* categorical columns/);
    const off = engine("off", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "accuracy",
      featurization: "off",
      limits: { max_trials: 1 },
    });
    expect(off.run.status).toBe(2);
    expect(off.run.stderr).toBe("error: featurization 'off' needs numeric columns; these are not: Name, Sex, Ticket, Cabin, Embarked\n");
  });

  it("validates on validation data when given, instead of cross-validation: its metrics are the best model's scores on that file", () => {
    const [header, ...rows] = readFileSync(HEART, "utf8").trimEnd().split("\n");
    const train = join(root, "heart-train.csv");
    const valid = join(root, "heart-valid.csv");
    writeFileSync(train, [header, ...rows.slice(0, 200)].join("\n"));
    writeFileSync(valid, [header, ...rows.slice(200)].join("\n"));
    const { metrics, outputs } = engine("validation", {
      task: "classification",
      target_column: "target",
      training_data: train,
      validation_data: valid,
      primary_metric: "AUC_weighted",
      limits: { max_trials: 3 },
    });
    expect(metrics.validation).toBe("validation data");
    const best = metrics.iterations.find((i: { iteration: number }) => i.iteration === metrics.best_iteration);
    // AUC of the positive class's probability on the validation rows, as sklearn computes it.
    const score = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import pickle,sys,pandas; from sklearn.metrics import roc_auc_score, accuracy_score; m=pickle.load(open(sys.argv[1],'rb')); d=pandas.read_csv(sys.argv[2]); X=d.drop(columns=['target']); y=d['target']; " +
          "p=m.predict_proba(X); print(roc_auc_score(y, p[:, list(m.classes_).index(1)], average='weighted'), accuracy_score(y, m.predict(X)))",
        join(outputs.best_model, "model.pkl"),
        valid,
      ],
      { encoding: "utf8" },
    );
    const [auc, accuracy] = score.stdout.trim().split(" ").map(Number);
    expect(best.metrics.AUC_weighted).toBeCloseTo(auc as number, 6);
    expect(best.metrics.accuracy).toBeCloseTo(accuracy as number, 6);
  });

  it.each([
    ["classification", "AUC_weighted", "target", "maximize"],
    ["regression", "normalized_root_mean_squared_error", "thalach", "minimize"],
  ] as const)("picks the iteration with the best %s metric (%s, %s)", (task, metric, label, goal) => {
    const { metrics } = engine(`best-${metric}`, { task, target_column: label, training_data: HEART, primary_metric: metric, limits: { max_trials: 5 } });
    expect(metrics.goal).toBe(goal);
    const scores = metrics.iterations
      .filter((i: { metrics?: unknown }) => i.metrics)
      .map((i: { iteration: number; metrics: Record<string, number> }) => [i.iteration, i.metrics[metric]] as const);
    expect(new Set(scores.map(([, v]: readonly [number, number]) => v)).size).toBeGreaterThan(1); // the choice matters
    const bestValue =
      goal === "maximize" ? Math.max(...scores.map(([, v]: readonly [number, number]) => v)) : Math.min(...scores.map(([, v]: readonly [number, number]) => v));
    expect(scores.find(([i]: readonly [number, number]) => i === metrics.best_iteration)?.[1]).toBe(bestValue);
  });

  it("writes MLmodel with PyYAML, so any column name reads back", () => {
    const [header, ...rows] = readFileSync(HEART, "utf8").trimEnd().split("\n");
    const odd = join(root, "odd-columns.csv");
    const columns = (header as string).split(",").map((c, i) => (i === 0 ? `"it's: #1 - ${c}"` : c));
    writeFileSync(odd, [columns.join(","), ...rows].join("\n"));
    const { run, outputs } = engine("odd", {
      task: "classification",
      target_column: "target",
      training_data: odd,
      primary_metric: "accuracy",
      limits: { max_trials: 1 },
    });
    expect(run.status).toBe(0);
    const read = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import json,sys,yaml; d=yaml.safe_load(open(sys.argv[1])); print(json.loads(d['signature']['inputs'])[0]['name'])",
        join(outputs.best_model, "MLmodel"),
      ],
      { encoding: "utf8" },
    );
    expect(read.stderr).toBe("");
    expect(read.stdout.trim()).toBe("it's: #1 - age");
  });

  it("stops iterations at the per-iteration timeout", () => {
    const { run } = engine("timeout", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "AUC_weighted",
      limits: { max_trials: 2, trial_timeout_minutes: 0.0001 },
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/iteration 0: LogisticRegression AUC_weighted=timed_out/);
    expect(run.stderr).toContain("no iteration succeeded: exceeded the iteration timeout");
  });

  it("terminates early when the primary metric stops improving", () => {
    const { metrics } = engine("early", {
      task: "classification",
      target_column: "target",
      training_data: HEART,
      primary_metric: "AUC_weighted",
      early_termination_patience: 1,
      limits: { max_trials: 12, enable_early_termination: true },
    });
    expect(metrics.stopped_because).toBe("early termination");
    expect(metrics.iterations.length).toBeLessThan(12);
  });

  it("answers forecasting and a label that does not exist with one clear line", () => {
    const fc = engine("forecast", { task: "forecasting", target_column: "y", training_data: HEART, primary_metric: "r2_score" });
    expect(fc.run.stderr).toBe("error: forecasting is not supported by the local AutoML engine; run this pipeline on Azure ML\n");
    const label = engine("label", { task: "classification", target_column: "Survivor", training_data: TITANIC_CSV, primary_metric: "accuracy" });
    expect(label.run.status).toBe(2);
    expect(label.run.stderr).toMatch(/^error: label column 'Survivor' is not in \S+titanic\.csv; its columns: PassengerId, Survived/);
  });

  it("tries only the allowed algorithms, never the blocked ones", () => {
    const allowed = engine("allowed", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "accuracy",
      allowed_algorithms: ["RandomForest", "DecisionTree"],
      limits: { max_trials: 4 },
    });
    expect(allowed.run.stderr).toBe("");
    expect(new Set(allowed.metrics.iterations.map((i: { algorithm: string }) => i.algorithm))).toEqual(new Set(["RandomForest", "DecisionTree"]));
    const blocked = engine("blocked", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "accuracy",
      blocked_algorithms: ["LogisticRegression", "KNN"],
      limits: { max_trials: 6 },
    });
    const tried = blocked.metrics.iterations.map((i: { algorithm: string }) => i.algorithm);
    expect(tried).toHaveLength(6);
    expect(tried).not.toContain("LogisticRegression");
    expect(tried).not.toContain("KNN");
    const none = engine("none", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "accuracy",
      allowed_algorithms: ["LightGBM"],
    });
    expect(none.run.status).not.toBe(0);
    expect(none.run.stderr).toContain("no algorithm is left to try");
  });

  it("scores trials on a held-out share (validation_data_size) and stops at the exit score", () => {
    const { run, metrics } = engine("holdout", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      primary_metric: "accuracy",
      validation_data_size: 0.25,
      limits: { max_trials: 20, exit_score: 0.5 },
    });
    expect(run.stderr).toBe("");
    // Any sensible model beats 0.5 accuracy on Titanic: the first result ends the experiment.
    expect(metrics.iterations.length).toBeLessThan(20);
    expect(run.stdout).toContain("exit score reached");
  });

  it("adds the vote and stack ensembles of the best trials, and the best of all is written", () => {
    const { run, metrics, outputs } = engine("ensembles", {
      task: "classification",
      target_column: "target",
      training_data: HEART,
      primary_metric: "accuracy",
      limits: { max_trials: 4 },
      training: {
        enable_vote_ensemble: true,
        enable_stack_ensemble: true,
        stack_meta_learner_type: "logistic_regression",
        stack_meta_learner_train_percentage: 0.25,
      },
    });
    expect(run.stderr).toBe("");
    const names = metrics.iterations.map((i: { algorithm: string }) => i.algorithm);
    expect(names.slice(4)).toEqual(["VotingEnsemble", "StackEnsemble"]);
    const voting = metrics.iterations[4];
    expect(voting).toMatchObject({ status: "completed", members: expect.any(Array) });
    expect(voting.members.length).toBeGreaterThanOrEqual(2);
    expect(metrics.iterations[5].hyperparameters).toMatchObject({ meta_learner: "logistic_regression" });
    const best = metrics.iterations.reduce((a: { primary_metric: { value: number } }, b: { primary_metric: { value: number } }) =>
      b.primary_metric.value > a.primary_metric.value ? b : a,
    );
    const meta = JSON.parse(readFileSync(join(outputs.best_model, "MLmodel.json"), "utf8"));
    expect(meta.metric.value).toBe(best.primary_metric.value);
  });

  it("scores the best model on a held-out test share, fits with row weights, and takes the positive label", () => {
    const weighted = join(root, "weighted.csv");
    const rows = readFileSync(HEART, "utf8").trim().split("\n");
    writeFileSync(weighted, [`${rows[0]},w,split`, ...rows.slice(1).map((r, i) => `${r},${i % 3 === 0 ? 2 : 1},${i % 4 === 0 ? 0 : 1}`)].join("\n"));
    const { run, metrics } = engine("test-weights", {
      task: "classification",
      target_column: "target",
      training_data: weighted,
      primary_metric: "AUC_weighted",
      test_data_size: 0.2,
      weight_column: "w",
      positive_label: "1",
      cv_split_columns: ["split"],
      limits: { max_trials: 2 },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/test data: AUC_weighted=0\.\d{4}/);
    expect(metrics.test_metrics.AUC_weighted).toBeGreaterThan(0.5);
    expect(metrics.validation).toBe("1 given cross-validation splits");
    const bad = engine("bad-label", {
      task: "classification",
      target_column: "target",
      training_data: HEART,
      primary_metric: "accuracy",
      positive_label: "yes",
      limits: { max_trials: 1 },
    });
    expect(bad.run.status).toBe(2);
    expect(bad.run.stderr).toBe("error: positive label 'yes' is not a class of the label column; classes: 0, 1\n");
  });

  it("featurizes by column purpose, with the imputer parameters given, and scores a separate test table", () => {
    const { run, metrics, outputs } = engine("custom-featurization", {
      task: "classification",
      target_column: "Survived",
      training_data: TITANIC_CSV,
      test_data: TITANIC_CSV,
      primary_metric: "accuracy",
      featurization_settings: {
        column_purposes: { Pclass: "categorical", PassengerId: "ignore", Name: "ignore", Ticket: "ignore", Cabin: "ignore" },
        blocked_transformers: ["one_hot_encoder"],
        transformer_params: { imputer: [{ fields: ["Age"], parameters: { strategy: "constant", fill_value: 30 } }] },
      },
      limits: { max_trials: 2 },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/AutoML classification: 891 rows, 4 numeric and 3 categorical columns/);
    expect(metrics.test_metrics.accuracy).toBeGreaterThan(0.6);
    const steps = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import pickle,sys; m=pickle.load(open(sys.argv[1],'rb')); print(sorted(n for n,_,_ in m.steps[0][1].transformers))",
        join(outputs.best_model, "model.pkl"),
      ],
      { encoding: "utf8" },
    );
    expect(steps.stdout.trim()).toBe("['categorical', 'numeric', 'numeric_Age']");
  });
});
