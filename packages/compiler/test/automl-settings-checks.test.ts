// AutoML's further settings as Azure validates them at submission (SL120): each row edits one
// field of a compiled AutoML step and pins the exact message and hint, with the boundary values
// on both sides accepted or refused. The IR rows a typed DSL never builds are what a plain-JS
// author or another tool could hand the compiler.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";
import type { PipelineIR } from "@sluice/dsl/ir";
import { compilePipeline } from "../src/index.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-automl-checks-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "prep.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BASE = pipeline({ name: "base", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "prep.py", arguments: ["--out", out] });
  const t = autoMLStep({ name: "fit", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y" });
  return { model: t.outputs.bestModel };
}).toIR();

// Rows edit IR the schema types would forbid.
type Any = any;

/** "CODE message | hint" of every diagnostic of BASE after one edit to its AutoML step. */
function after(edit: (fit: Any) => void): string[] {
  const ir = structuredClone(BASE) as PipelineIR;
  edit(ir.steps.find((s) => s.name === "fit"));
  return compilePipeline(ir).diagnostics.map((d) => `${d.code} ${d.message} | ${d.hint ?? ""}`);
}

const META = "logistic_regression, logistic_regression_cv, light_gbm_classifier, elastic_net, elastic_net_cv, light_gbm_regressor, linear_regression, none";
const BLOCKABLE =
  "text_target_encoder, one_hot_encoder, cat_target_encoder, tf_idf, wo_e_target_encoder, label_encoder, word_embedding, naive_bayes, count_vectorizer, hash_one_hot_encoder";

describe("AutoML test data, weights, labels and splits", () => {
  it.each([
    ["a test share just above 0", (f: Any) => (f.testDataSize = 0.01), []],
    ["a test share just below 1", (f: Any) => (f.testDataSize = 0.99), []],
    [
      "a test share of 0",
      (f: Any) => (f.testDataSize = 0),
      ["SL120 step 'fit': testDataSize must be between 0 and 1, got 0 | give the share to hold out for the test, e.g. 0.1"],
    ],
    [
      "a test share of 1",
      (f: Any) => (f.testDataSize = 1),
      ["SL120 step 'fit': testDataSize must be between 0 and 1, got 1 | give the share to hold out for the test, e.g. 0.1"],
    ],
    ["test data alone", (f: Any) => (f.testData = structuredClone(f.trainingData)), []],
    [
      "test data and a test share",
      (f: Any) => {
        f.testData = structuredClone(f.trainingData);
        f.testDataSize = 0.2;
      },
      ["SL120 step 'fit': sets both testData and testDataSize | test on given data or on a held-out share: drop one"],
    ],
    ["a positive label in classification", (f: Any) => (f.positiveLabel = "yes"), []],
    [
      "a positive label in regression",
      (f: Any) => {
        f.task = "regression";
        f.primaryMetric = "normalized_root_mean_squared_error";
        f.positiveLabel = "yes";
      },
      ["SL120 step 'fit': sets positiveLabel, which only classification has (task: regression) | drop positiveLabel"],
    ],
    ["a weight column", (f: Any) => (f.weightColumn = "w"), []],
    ["an empty weight column", (f: Any) => (f.weightColumn = "  "), ["SL120 step 'fit': has an empty weightColumn | name the column of row weights"]],
    ["split columns alone", (f: Any) => (f.cvSplitColumns = ["fold"]), []],
    ...(["nCrossValidations", "validationData", "validationDataSize"] as const).map((key) => [
      `split columns with ${key}`,
      (f: Any) => {
        f.cvSplitColumns = ["fold"];
        f[key] = key === "nCrossValidations" ? 3 : key === "validationData" ? structuredClone(f.trainingData) : 0.2;
      },
      [
        "SL120 step 'fit': sets cvSplitColumns together with another way to validate | cvSplitColumns define the folds: drop nCrossValidations, validationData and validationDataSize",
      ],
    ]),
  ] as Array<[string, (f: Any) => void, string[]]>)("%s", (_, edit, expected) => {
    expect(after(edit)).toEqual(expected);
  });
});

describe("AutoML ensembles and cores", () => {
  it.each([
    ["a known meta-learner", (f: Any) => (f.training = { stackEnsemble: { metaLearner: "elastic_net_cv" } }), []],
    ["no meta-learner", (f: Any) => (f.training = { stackEnsemble: { metaLearner: "none" } }), []],
    [
      "an unknown meta-learner",
      (f: Any) => (f.training = { stackEnsemble: { metaLearner: "xgboost" } }),
      [`SL120 step 'fit': training.stackEnsemble.metaLearner 'xgboost' is not one Azure has | use one of: ${META}`],
    ],
    ["a train share inside (0, 1)", (f: Any) => (f.training = { stackEnsemble: { trainPercentage: 0.2 } }), []],
    [
      "a train share of 1",
      (f: Any) => (f.training = { stackEnsemble: { trainPercentage: 1 } }),
      ["SL120 step 'fit': training.stackEnsemble.trainPercentage must be between 0 and 1, got 1 | give the share the meta-learner trains on, e.g. 0.2"],
    ],
    ["one core per trial", (f: Any) => (f.limits = { maxCoresPerTrial: 1 }), []],
    ["all cores per trial", (f: Any) => (f.limits = { maxCoresPerTrial: -1 }), []],
    ...[0, -2, 1.5].map((cores) => [
      `${cores} cores per trial`,
      (f: Any) => (f.limits = { maxCoresPerTrial: cores }),
      [`SL120 step 'fit': limits.maxCoresPerTrial must be a whole number ≥ 1, or -1 for all cores, got ${cores} | give a core count, or -1`],
    ]),
  ] as Array<[string, (f: Any) => void, string[]]>)("%s", (_, edit, expected) => {
    expect(after(edit)).toEqual(expected);
  });
});

describe("AutoML custom featurization", () => {
  const custom = (settings: Record<string, unknown>) => (f: Any) => (f.featurizationSettings = { mode: "custom", ...settings });
  it.each([
    ["auto featurization", (f: Any) => (f.featurizationSettings = { mode: "auto" }), []],
    ["off", (f: Any) => (f.featurizationSettings = { mode: "off" }), []],
    ["every blockable transformer", custom({ blockedTransformers: BLOCKABLE.split(", ") }), []],
    [
      "an unknown blocked transformer",
      custom({ blockedTransformers: ["tf_idf", "pca"] }),
      [`SL120 step 'fit': featurization.blockedTransformers names 'pca', which Azure does not have | use: ${BLOCKABLE}`],
    ],
    [
      "every column purpose",
      custom({ columnPurposes: Object.fromEntries(["numeric", "categorical", "categorical_hash", "datetime", "text", "ignore"].map((p) => [`c_${p}`, p])) }),
      [],
    ],
    [
      "an unknown column purpose",
      custom({ columnPurposes: { age: "number" } }),
      ["SL120 step 'fit': featurization.columnPurposes.age is 'number' | use one of: numeric, categorical, categorical_hash, datetime, text, ignore"],
    ],
    ["parameters of every transformer that takes them", custom({ transformerParams: { imputer: [], hash_one_hot_encoder: [], tf_idf: [] } }), []],
    [
      "parameters of another transformer",
      custom({ transformerParams: { one_hot_encoder: [] } }),
      ["SL120 step 'fit': featurization.transformerParams names 'one_hot_encoder' | Azure takes parameters for: imputer, hash_one_hot_encoder, tf_idf"],
    ],
    ...(["blockedTransformers", "columnPurposes", "transformerParams"] as const).map((key) => [
      `${key} with mode auto`,
      (f: Any) => (f.featurizationSettings = { mode: "auto", [key]: key === "blockedTransformers" ? [] : {} }),
      [`SL120 step 'fit': featurization sets custom settings with mode 'auto' | use mode "custom" (the default when settings are given)`],
    ]),
  ] as Array<[string, (f: Any) => void, string[]]>)("%s", (_, edit, expected) => {
    expect(after(edit)).toEqual(expected);
  });
});

describe("AutoML forecasting settings", () => {
  const forecast = (settings: Record<string, unknown> | undefined) => (f: Any) => {
    f.task = "forecasting";
    f.primaryMetric = "normalized_root_mean_squared_error";
    if (settings) f.forecasting = { timeColumnName: "date", ...settings };
  };
  it.each([
    ["a forecast with a time column", forecast({}), []],
    ["whole numbers and auto", forecast({ forecastHorizon: 1, targetRollingWindowSize: "auto", seasonality: 7, cvStepSize: 1, targetLags: [1, 7] }), []],
    ["target lags on auto", forecast({ targetLags: "auto" }), []],
    [
      "a forecast without settings",
      forecast(undefined),
      [`SL120 step 'fit': is a forecasting task without forecasting.timeColumnName | give forecasting: { timeColumnName: "date", forecastHorizon: … }`],
    ],
    [
      "forecasting settings on a classification",
      (f: Any) => (f.forecasting = { timeColumnName: "date" }),
      ["SL120 step 'fit': sets forecasting settings, but its task is classification | drop forecasting, or use task: forecasting"],
    ],
    ...(["forecastHorizon", "targetRollingWindowSize", "seasonality"] as const).flatMap((key) =>
      [0, 2.5].map((v) => [
        `${key} of ${v}`,
        forecast({ [key]: v }),
        [`SL120 step 'fit': forecasting.${key} must be a whole number ≥ 1 or "auto", got ${v} | give a number of periods`],
      ]),
    ),
    [
      "a cv step size on auto (the IR takes only numbers there)",
      forecast({ cvStepSize: "auto" }),
      [
        "SL010 the pipeline's IR is not valid at steps.1.forecasting.cvStepSize: Invalid input: expected number, received string | build pipelines with @sluice/dsl, or fix the IR against @sluice/dsl/ir's PipelineSchema",
      ],
    ],
    [
      "a cv step size of 0",
      forecast({ cvStepSize: 0 }),
      ["SL120 step 'fit': forecasting.cvStepSize must be a whole number ≥ 1, got 0 | give a number of periods"],
    ],
    [
      "a lag of 0",
      forecast({ targetLags: [1, 0] }),
      [`SL120 step 'fit': forecasting.targetLags must be whole numbers ≥ 1, got 1, 0 | give lags in periods, or "auto"`],
    ],
    [
      "a fractional lag",
      forecast({ targetLags: [1.5] }),
      [`SL120 step 'fit': forecasting.targetLags must be whole numbers ≥ 1, got 1.5 | give lags in periods, or "auto"`],
    ],
  ] as Array<[string, (f: Any) => void, string[]]>)("%s", (_, edit, expected) => {
    expect(after(edit)).toEqual(expected);
  });

  it("locates every problem at the step and reports them all at once", () => {
    const ir = structuredClone(BASE) as PipelineIR;
    const fit = ir.steps.find((s) => s.name === "fit") as Any;
    Object.assign(fit, { testDataSize: 2, weightColumn: "", training: { stackEnsemble: { trainPercentage: 0 } } });
    const diagnostics = compilePipeline(ir).diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(["SL120", "SL120", "SL120"]);
    expect(new Set(diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.path}`)).size).toBe(1);
    expect(diagnostics[0]?.location).toEqual(fit.definedAt);
  });
});

describe("AutoML image and text tasks", () => {
  const task =
    (name: string, extra: Record<string, unknown> = {}) =>
    (f: Any) =>
      Object.assign(f, { task: name, primaryMetric: "accuracy", ...extra });
  it.each([
    [
      "an image task with its own settings",
      task("image_classification", { trainingParameters: { numberOfEpochs: 3 }, searchSpace: [{ modelName: "seresnext" }] }),
      [],
    ],
    ["a text task with a language", task("text_classification", { datasetLanguage: "eng", trainingParameters: { warmupRatio: 0.1 } }), []],
    [
      "a training parameter its models do not take",
      task("image_classification", { trainingParameters: { minSize: 600 } }),
      [expect.stringMatching(/^SL120 step 'fit': trainingParameters names 'minSize', which image_classification models do not take \| use: amsGradient, /)],
    ],
    [
      "a search space key of another family",
      task("text_ner", { primaryMetric: "accuracy", searchSpace: [{ modelName: "bert-base-cased" }, { layersToFreeze: 2 }] }),
      [expect.stringMatching(/^SL120 step 'fit': searchSpace\[1\] names 'layersToFreeze', which text_ner models do not take/)],
    ],
    [
      "a sweep on a table's task",
      (f: Any) => (f.sweep = { sampling: "random" }),
      ["SL120 step 'fit': sets sweep, which image and text tasks take, not classification | AutoML tunes a table's models itself: drop it"],
    ],
    [
      "a language on an image task",
      task("image_object_detection", { primaryMetric: "mean_average_precision", datasetLanguage: "eng" }),
      ["SL120 step 'fit': sets datasetLanguage, which text tasks take, not image_object_detection | drop it"],
    ],
    [
      "no label column on a task that learns one",
      (f: Any) => delete f.labelColumn,
      ["SL118 step 'fit' does not name its labelColumn | a classification task learns a column: name it, e.g. labelColumn: \"label\""],
    ],
    ["no label column for NER", task("text_ner", { labelColumn: undefined }), []],
  ] as Array<[string, (f: Any) => void, unknown[]]>)("%s", (_, edit, expected) => {
    expect(after(edit)).toEqual(expected);
  });
});
