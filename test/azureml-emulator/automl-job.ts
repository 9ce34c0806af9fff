import { z } from "zod";

/** A standalone AutoML job as submitted (REST camelCase, REST enums). */
export interface AutoMLJobProps {
  jobType: "AutoML";
  displayName?: string;
  experimentName?: string;
  computeId?: string;
  outputs?: Record<string, { jobOutputType: string; mode?: string; uri?: string }>;
  taskDetails: Record<string, unknown> & { taskType: string; targetColumnName?: string; primaryMetric?: string };
}

/** The SDK's `camel_to_snake`: REST's `AUCWeighted`, `LightGBM` are the YAML's `auc_weighted`, `light_gbm`. */
export function snake(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** A column purpose as the engine names it (`DateTime` → `datetime`). */
export const purposeName = (p: string) => (p.toLowerCase() === "datetime" ? "datetime" : snake(p));

const DATA = { trainingData: "training_data", validationData: "validation_data", testData: "test_data" } as const;
type Task = AutoMLJobProps["taskDetails"];
const record = (v: unknown) => (v ?? {}) as Record<string, unknown>;
const minutes = (iso: unknown) => {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(String(iso ?? ""));
  return m ? Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Math.ceil(Number(m[4] ?? 0) / 60) : undefined;
};
const mode = (v: unknown) =>
  typeof v === "object" && v !== null ? ((v as { mode?: string; value?: number }).mode === "Auto" ? "auto" : (v as { value?: number }).value) : undefined;

/** The task's settings as a pipeline's AutoML node writes them (snake_case), which the executor already runs. */
function nodeSettings(t: Task): Record<string, unknown> {
  const limits = record(t.limitSettings);
  const training = record(t.trainingSettings);
  const f = record(t.featurizationSettings);
  return {
    task: snake(t.taskType),
    primary_metric: t.primaryMetric === undefined ? undefined : snake(t.primaryMetric),
    target_column_name: t.targetColumnName,
    n_cross_validations: mode(t.nCrossValidations),
    test_data_size: t.testDataSize,
    validation_data_size: t.validationDataSize,
    weight_column_name: t.weightColumnName,
    positive_label: t.positiveLabel,
    cv_split_column_names: t.cvSplitColumnNames,
    featurization: {
      mode: f.mode,
      column_name_and_types:
        f.columnNameAndTypes && Object.fromEntries(Object.entries(record(f.columnNameAndTypes)).map(([c, p]) => [c, purposeName(String(p))])),
      blocked_transformers: (f.blockedTransformers as string[] | undefined)?.map(snake),
      transformer_params: f.transformerParams && Object.fromEntries(Object.entries(record(f.transformerParams)).map(([k, v]) => [snake(k), v])),
    },
    training: {
      allowed_training_algorithms: (training.allowedTrainingAlgorithms as string[] | undefined)?.map(snake),
      blocked_training_algorithms: (training.blockedTrainingAlgorithms as string[] | undefined)?.map(snake),
      enable_vote_ensemble: training.enableVoteEnsemble,
      enable_stack_ensemble: training.enableStackEnsemble,
    },
    limits: {
      enable_early_termination: limits.enableEarlyTermination,
      max_concurrent_trials: limits.maxConcurrentTrials,
      max_trials: limits.maxTrials,
      timeout_minutes: minutes(limits.timeout),
      trial_timeout_minutes: minutes(limits.trialTimeout),
      exit_score: limits.exitScore,
      max_cores_per_trial: limits.maxCoresPerTrial,
    },
  };
}

/**
 * A standalone AutoML job as the pipeline the executor runs: one AutoML node, `job`, reading the
 * task's tables as the pipeline's inputs and writing its best model to the job's output.
 */
export function automlJobAsPipeline(_wsId: string, _jobName: string, props: AutoMLJobProps) {
  const t = props.taskDetails;
  const inputs = Object.fromEntries(Object.entries(DATA).flatMap(([k, port]) => (t[k] ? [[port, t[k]]] : [])));
  const node = {
    type: "automl",
    name: "job",
    ...nodeSettings(t),
    ...Object.fromEntries(Object.keys(inputs).map((port) => [port, `\${{parent.inputs.${port}}}`])),
    outputs: Object.fromEntries(Object.keys(props.outputs ?? {}).map((n) => [n, { value: `\${{parent.outputs.${n}}}` }])),
  };
  return {
    props: {
      displayName: props.displayName,
      experimentName: props.experimentName,
      inputs,
      outputs: props.outputs,
      settings: props.computeId === undefined ? {} : { default_compute: props.computeId },
      jobs: { job: node },
    },
  };
}

/** An AutoML job's free-form parts beyond the REST spec: its compute's ARM id and a table to learn from. */
export const AutoMLJobRules = z.looseObject({
  computeId: z
    .string()
    .regex(/^\/subscriptions\/.+\/computes\/[^/]+$/, "computeId must be a compute ARM id")
    .optional(),
  taskDetails: z.looseObject({
    taskType: z.string(),
    trainingData: z.looseObject({ jobInputType: z.literal("mltable"), uri: z.string().min(1) }),
    targetColumnName: z.string().min(1),
  }),
});
