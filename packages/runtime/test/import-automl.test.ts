// `sluice import` of AutoML YAML in this process (so mutation testing sees it): the generated
// file's text is pinned whole for a standalone forecasting job with every tabular setting, a
// pipeline of AutoML nodes, an image job with a swept search space and a text pipeline
// (test/fixtures/import-automl/, which test/import-automl.test.ts also compiles and compares with
// the official SDK), and each refusal by its located message and hint.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SluiceError } from "../src/errors/sluice-error.ts";
import { importPipeline } from "../src/import/import-pipeline.ts";

const FIXTURES = join(dirname(new URL(import.meta.url).pathname), "..", "..", "..", "test", "fixtures", "import-automl");
const work = mkdtempSync(join(tmpdir(), "sluice-import-automl-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

/** The file importing `yaml` writes, its folder's path shown as `<dir>`. */
function imported(yaml: string): string {
  const dir = mkdtempSync(join(work, "p-"));
  writeFileSync(join(dir, "job.yml"), yaml);
  mkdirSync(join(dir, "out"));
  return importPipeline(join(dir, "job.yml"), join(dir, "out", "x.pipeline.ts"))
    .split(dir)
    .join("<dir>");
}

/** The located message and hint importing `yaml` refuses it with. */
function refusal(yaml: string): string {
  try {
    imported(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(SluiceError);
    const e = error as SluiceError;
    return `${e.message.replace(/^.*job\.yml:/, "job.yml:")}${e.hint ? ` (hint: ${e.hint})` : ""}`;
  }
  throw new Error("imported without an error");
}

describe("AutoML YAML imported in process", () => {
  it.each(["forecast-job.yml", "nodes-pipeline.yml", "vision-job.yml", "text-pipeline.yml"])("%s", async (name) => {
    await expect(imported(fixture(name))).toMatchFileSnapshot(`__snapshots__/import-automl/${name.replace(".yml", ".pipeline.ts")}`);
  });

  const FORECAST = fixture("forecast-job.yml");
  const VISION = fixture("vision-job.yml");
  it.each([
    [
      "no task",
      FORECAST.replace("task: forecasting\n", ""),
      "job.yml:1:1 task: an AutoML job needs a task (hint: give task: classification | regression | forecasting | image_classification | image_classification_multilabel | image_object_detection | image_instance_segmentation | text_classification | text_classification_multilabel | text_ner)",
    ],
    ["a task AutoML does not have", FORECAST.replace("task: forecasting", "task: clustering"), "job.yml:9:7 task: 'clustering' is not an AutoML task"],
    [
      "no training data",
      FORECAST.replace(/training_data:\n {2}type: mltable\n {2}path: \.\/train\n/, ""),
      "job.yml:1:1 (document): an AutoML job needs training_data (hint: give training_data: {type: mltable, path: ./train})",
    ],
    [
      "a metric of another task",
      FORECAST.replace("NormalizedMeanAbsoluteError", "accuracy"),
      "job.yml:10:17 primary_metric: 'accuracy' is not a forecasting metric (hint: use one of: spearman_correlation, normalized_root_mean_squared_error, r2_score, normalized_mean_absolute_error)",
    ],
    [
      "a featurization mode Azure has not",
      FORECAST.replace("mode: custom", "mode: manual"),
      "job.yml:31:9 featurization.mode: 'manual' is not a featurization mode (hint: use one of: auto, custom, off)",
    ],
    [
      "a transformer AutoML cannot block",
      FORECAST.replace("LabelEncoder, tf_idf", "LabelEncoder, pca"),
      "featurization.blocked_transformers.1: 'pca' is not a transformer AutoML can block",
    ],
    [
      "a column purpose Azure has not",
      FORECAST.replace("store: CategoricalHash", "store: Number"),
      "featurization.column_name_and_types.store: 'Number' is not a column purpose",
    ],
    [
      "parameters of a transformer Azure does not tune",
      FORECAST.replace("    imputer:\n", "    one_hot:\n"),
      "featurization.transformer_params.one_hot: unknown key 'one_hot'",
    ],
    [
      "a stack setting with a typo",
      FORECAST.replace("  enable_onnx_compatible_models: true\n", "  stack_ensemble_settings:\n    stack_meta_learner: x\n"),
      "training.stack_ensemble_settings.stack_meta_learner: unknown key 'stack_meta_learner'",
    ],
    [
      "a forecasting mode Azure has not",
      FORECAST.replace("use_stl: seasontrend", "use_stl: trend"),
      "forecasting.use_stl: 'trend' is not a value of use_stl (hint: use one of: season, season_trend, none)",
    ],
    [
      "forecasting without a time column",
      FORECAST.replace("  time_column_name: when\n", ""),
      "forecasting: forecasting needs a time_column_name (hint: name the column holding each row's time)",
    ],
    ["a log level Azure has not", FORECAST.replace("log_verbosity: warning", "log_verbosity: loud"), "log_verbosity: 'loud' is not a log level"],
    [
      "a model written as a folder",
      FORECAST.replace("    type: mlflow_model\n", "    type: uri_folder\n"),
      "outputs.best_model.type: best_model is an mlflow_model, not uri_folder",
    ],
    [
      "a model mode Azure does not write",
      FORECAST.replace("    type: mlflow_model\n", "    type: mlflow_model\n    mode: direct\n"),
      "outputs.best_model.mode: an AutoML model is written with rw_mount or upload, not 'direct'",
    ],
    [
      "a model bound to something else",
      FORECAST.replace("  best_model:\n    type: mlflow_model\n", "  best_model: ${{parent.jobs.x.outputs.y}}\n"),
      "outputs.best_model: the binding '${{parent.jobs.x.outputs.y}}' is not supported by sluice import yet",
    ],
    [
      "a search space written as text",
      VISION.replace(/search_space:[\s\S]*$/, 'search_space: "lr=0.1"\n'),
      "search_space.0: each entry must be a mapping of settings, not text",
    ],
    ["limits written as a list", FORECAST.replace(/limits:\n( {2}.*\n)+/, "limits: [12, 3]\n"), "limits: must be a mapping, not a list"],
    [
      "a task holding a line break",
      FORECAST.replace("task: forecasting", 'task: "forecasting\\nrm -rf"'),
      "task: 'forecasting\\nrm -rf' is not an AutoML task",
    ],
    [
      "a sampling Azure has not",
      VISION.replace("sampling_algorithm: grid", "sampling_algorithm: sobol"),
      "sweep.sampling_algorithm: 'sobol' is not a sampling algorithm",
    ],
    ["a sweep key with a typo", VISION.replace("  sampling_algorithm: grid\n", "  sampling: grid\n"), "sweep.sampling: unknown key 'sampling'"],
    [
      "a distribution Azure has not",
      VISION.replace("      type: uniform\n", "      type: gaussian\n"),
      "search_space.0.learning_rate.type: 'gaussian' is not a distribution Azure ML sweeps take",
    ],
    [
      "a text setting on an image task",
      VISION.replace("limits:\n", "featurization:\n  dataset_language: eng\nlimits:\n"),
      "featurization: an image_object_detection task has no featurization settings",
    ],
    [
      "a text featurization key with a typo",
      fixture("text-pipeline.yml").replace("dataset_language: deu", "language: deu"),
      "jobs.classify.featurization.language: unknown key 'language'",
    ],
  ])("refuses %s, located", (_name, yaml, expected) => {
    expect(refusal(yaml)).toContain(expected);
  });
});
