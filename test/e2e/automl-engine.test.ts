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

  it("validates on validation data when given, instead of cross-validation", () => {
    const { metrics } = engine("validation", {
      task: "classification",
      target_column: "target",
      training_data: HEART,
      validation_data: HEART,
      primary_metric: "AUC_weighted",
      limits: { max_trials: 2 },
    });
    expect(metrics.validation).toBe("validation data");
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
    expect(label.run.stderr).toMatch(/^error: label column 'Survivor' is not in the data; columns: PassengerId, Survived/);
  });
});
