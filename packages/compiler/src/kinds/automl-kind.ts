import type { AutoMLStepIR } from "@sluice/dsl/ir";
import { bindAll, nodeBase, nodeOutput } from "../lower/command-node.ts";
import { checkAutoMLStep } from "../passes/check-automl.ts";
import type { LowerContext } from "../lower/lower-context.ts";
import type { AutoMLNode, NodeOutput } from "../plan/execution-plan.ts";
import type { StepKind } from "./step-kind.ts";

function automlSettings(step: AutoMLStepIR): AutoMLNode["automl"] {
  const text = step.task.startsWith("text_");
  return {
    task: step.task,
    primaryMetric: step.primaryMetric,
    featurization: step.featurizationSettings?.mode ?? step.featurization ?? "auto",
    ...(step.featurizationSettings === undefined && step.featurization === undefined ? { featurizationUnset: true as const } : {}),
    ...(step.nCrossValidations !== undefined ? { nCrossValidations: step.nCrossValidations } : {}),
    limits: {
      enableEarlyTermination: step.enableEarlyStopping,
      maxConcurrentTrials: step.limits.maxConcurrentTrials,
      // Text tasks train one model on one node unless told otherwise, and the SDK says so.
      maxTrials: step.limits.maxTrials ?? (text ? 1 : undefined),
      timeoutMinutes: step.limits.timeoutMinutes,
      trialTimeoutMinutes: step.limits.trialTimeoutMinutes,
      exitScore: step.limits.exitScore,
      maxCoresPerTrial: step.limits.maxCoresPerTrial,
      maxNodes: step.limits.maxNodes ?? (text ? 1 : undefined),
    },
    ...(step.allowedAlgorithms ? { allowedAlgorithms: step.allowedAlgorithms } : {}),
    ...(step.blockedAlgorithms ? { blockedAlgorithms: step.blockedAlgorithms } : {}),
    ...(step.validationDataSize !== undefined ? { validationDataSize: step.validationDataSize } : {}),
    ...pick(step, ["testDataSize", "weightColumn", "positiveLabel", "cvSplitColumns", "training", "featurizationSettings", "forecasting", "logVerbosity"]),
    ...pick(step, ["trainingParameters", "searchSpace", "sweep", "datasetLanguage", "resources"]),
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<Pick<T, K>>;
}

function bestModel(ctx: LowerContext, step: AutoMLStepIR): NodeOutput {
  const o = step.outputs.best_model;
  const out = nodeOutput(ctx, o.data, o.declared === true);
  return o.mode === undefined ? out : { ...out, mode: o.mode };
}

/** An AutoML tabular job: Azure runs it as an `automl` node; locally the scikit-learn engine does. */
export const AUTOML_KIND: StepKind<AutoMLStepIR> = {
  reads: (s) => [
    { slot: "trainingData", ref: s.trainingData },
    ...(s.validationData ? [{ slot: "validationData", ref: s.validationData }] : []),
    ...(s.testData ? [{ slot: "testData", ref: s.testData }] : []),
    ...(s.labelColumn ? [{ slot: "labelColumn", ref: s.labelColumn, expects: "string" as const }] : []),
  ],
  writes: (s) => [
    { port: "best_model", data: s.outputs.best_model.data, type: "mlflow_model" },
    { port: "metrics", data: s.outputs.metrics.data, type: "automl_metrics" },
  ],
  code: () => undefined,
  environment: () => undefined,
  check: checkAutoMLStep,
  lower(ctx, step): AutoMLNode {
    const deps = new Set<string>();
    const refs = {
      training_data: step.trainingData,
      ...(step.labelColumn ? { target_column_name: step.labelColumn } : {}),
      ...(step.validationData ? { validation_data: step.validationData } : {}),
      ...(step.testData ? { test_data: step.testData } : {}),
    };
    const inputs = bindAll(ctx, refs, deps);
    return {
      kind: "automl",
      ...nodeBase(step, deps),
      ...(step.displayName !== undefined ? { displayName: step.displayName } : {}),
      inputs,
      // Listed at the node when declared there or exposed as a pipeline output, as the SDK sends it.
      outputs: { best_model: bestModel(ctx, step) },
      automl: automlSettings(step),
    };
  },
};
