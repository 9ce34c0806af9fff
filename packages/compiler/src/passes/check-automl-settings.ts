import { type AutoMLStepIR, BLOCKABLE_TRANSFORMERS, COLUMN_PURPOSES, TUNABLE_TRANSFORMERS, trainingParametersFor } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";

const META_LEARNERS = [
  "logistic_regression",
  "logistic_regression_cv",
  "light_gbm_classifier",
  "elastic_net",
  "elastic_net_cv",
  "light_gbm_regressor",
  "linear_regression",
  "none",
];
const BLOCKABLE: readonly string[] = BLOCKABLE_TRANSFORMERS;
const PURPOSES: readonly string[] = COLUMN_PURPOSES;
const TRANSFORMERS: readonly string[] = TUNABLE_TRANSFORMERS;

type Problem = [string, string];

const share = (v: number | undefined) => v === undefined || (v > 0 && v < 1);

/** Test data, weights, labels and splits: each has one meaning Azure accepts. */
function dataProblems(step: AutoMLStepIR): Problem[] {
  const out: Problem[] = [];
  if (!share(step.testDataSize))
    out.push([`testDataSize must be between 0 and 1, got ${step.testDataSize}`, "give the share to hold out for the test, e.g. 0.1"]);
  if (step.testData && step.testDataSize !== undefined)
    out.push(["sets both testData and testDataSize", "test on given data or on a held-out share: drop one"]);
  if (step.positiveLabel !== undefined && step.task !== "classification")
    out.push([`sets positiveLabel, which only classification has (task: ${step.task})`, "drop positiveLabel"]);
  if (step.weightColumn?.trim() === "") out.push(["has an empty weightColumn", "name the column of row weights"]);
  if (step.cvSplitColumns && (step.nCrossValidations !== undefined || step.validationData || step.validationDataSize !== undefined))
    out.push([
      "sets cvSplitColumns together with another way to validate",
      "cvSplitColumns define the folds: drop nCrossValidations, validationData and validationDataSize",
    ]);
  return out;
}

function trainingProblems(step: AutoMLStepIR): Problem[] {
  const stack = step.training?.stackEnsemble;
  const out: Problem[] = [];
  if (stack?.metaLearner !== undefined && !META_LEARNERS.includes(stack.metaLearner))
    out.push([`training.stackEnsemble.metaLearner '${stack.metaLearner}' is not one Azure has`, `use one of: ${META_LEARNERS.join(", ")}`]);
  if (!share(stack?.trainPercentage))
    out.push([
      `training.stackEnsemble.trainPercentage must be between 0 and 1, got ${stack?.trainPercentage}`,
      "give the share the meta-learner trains on, e.g. 0.2",
    ]);
  const cores = step.limits.maxCoresPerTrial;
  if (cores !== undefined && !(Number.isInteger(cores) && (cores >= 1 || cores === -1)))
    out.push([`limits.maxCoresPerTrial must be a whole number ≥ 1, or -1 for all cores, got ${cores}`, "give a core count, or -1"]);
  return out;
}

function featurizationProblems(step: AutoMLStepIR): Problem[] {
  const f = step.featurizationSettings;
  if (!f) return [];
  const out: Problem[] = [];
  for (const t of f.blockedTransformers ?? [])
    if (!BLOCKABLE.includes(t)) out.push([`featurization.blockedTransformers names '${t}', which Azure does not have`, `use: ${BLOCKABLE.join(", ")}`]);
  for (const [column, purpose] of Object.entries(f.columnPurposes ?? {}))
    if (!PURPOSES.includes(purpose)) out.push([`featurization.columnPurposes.${column} is '${purpose}'`, `use one of: ${PURPOSES.join(", ")}`]);
  for (const key of Object.keys(f.transformerParams ?? {}))
    if (!TRANSFORMERS.includes(key)) out.push([`featurization.transformerParams names '${key}'`, `Azure takes parameters for: ${TRANSFORMERS.join(", ")}`]);
  const custom = f.columnPurposes !== undefined || f.transformerParams !== undefined || f.blockedTransformers !== undefined;
  if (custom && f.mode !== "custom")
    out.push([`featurization sets custom settings with mode '${f.mode}'`, 'use mode "custom" (the default when settings are given)']);
  return out;
}

function forecastingProblems(step: AutoMLStepIR): Problem[] {
  const f = step.forecasting;
  if (step.task !== "forecasting") return f ? [[`sets forecasting settings, but its task is ${step.task}`, "drop forecasting, or use task: forecasting"]] : [];
  if (!f) return [["is a forecasting task without forecasting.timeColumnName", 'give forecasting: { timeColumnName: "date", forecastHorizon: … }']];
  const out: Problem[] = [];
  const whole = (v: unknown) => v === undefined || v === "auto" || (typeof v === "number" && Number.isInteger(v) && v >= 1);
  for (const key of ["forecastHorizon", "targetRollingWindowSize", "seasonality", "cvStepSize"] as const)
    if (!whole(f[key]))
      out.push([`forecasting.${key} must be a whole number ≥ 1${key === "cvStepSize" ? "" : ' or "auto"'}, got ${f[key]}`, "give a number of periods"]);
  if (Array.isArray(f.targetLags) && !f.targetLags.every((l) => Number.isInteger(l) && l >= 1))
    out.push([`forecasting.targetLags must be whole numbers ≥ 1, got ${f.targetLags.join(", ")}`, 'give lags in periods, or "auto"']);
  return out;
}

/** Image and text tasks: their own settings only, each training parameter one their models take; a table's task none of them. */
function deepLearningProblems(step: AutoMLStepIR): Problem[] {
  const known = trainingParametersFor(step.task);
  const deep = ["trainingParameters", "searchSpace", "sweep", "datasetLanguage"].filter((k) => step[k as keyof AutoMLStepIR] !== undefined);
  if (known.length === 0)
    return deep.map((k) => [`sets ${k}, which image and text tasks take, not ${step.task}`, "AutoML tunes a table's models itself: drop it"]);
  const out: Problem[] = [];
  if (step.datasetLanguage !== undefined && !step.task.startsWith("text_"))
    out.push([`sets datasetLanguage, which text tasks take, not ${step.task}`, "drop it"]);
  const unknown = (where: string, keys: string[]) =>
    keys.filter((k) => !known.includes(k)).map((k): Problem => [`${where} names '${k}', which ${step.task} models do not take`, `use: ${known.join(", ")}`]);
  out.push(...unknown("trainingParameters", Object.keys(step.trainingParameters ?? {})));
  for (const [i, sub] of (step.searchSpace ?? []).entries()) out.push(...unknown(`searchSpace[${i}]`, Object.keys(sub)));
  return out;
}

/**
 * AutoML's further settings as Azure validates them at submission: test data and shares,
 * weights, positive labels and split columns, ensembles, custom featurization, forecasting, and
 * the deep-learning tasks' settings.
 */
export function checkAutoMLSettings(ctx: CompileContext, step: AutoMLStepIR): void {
  const problems = [...dataProblems(step), ...trainingProblems(step), ...featurizationProblems(step), ...forecastingProblems(step)];
  for (const [what, hint] of [...problems, ...deepLearningProblems(step)]) ctx.diagnostics.report("SL120", ctx.at(step), `step '${step.name}': ${what}`, hint);
}
