import * as z from "zod";

/**
 * The intermediate representation is the only thing the compiler reads. It is plain JSON (no
 * class instances, no functions) so it can be cached, diffed and produced by other front ends.
 * Edges are by name (data ids), as in Kubeflow's IR: the graph is derived, never stored.
 */
import { IR_VERSION } from "./version.ts";

export { IR_VERSION };
export * from "./base-schema.ts";
export * from "./endpoint-schema.ts";
export * from "./schedule-schema.ts";
export * from "./sweep-schema.ts";
export * from "./ref-schema.ts";
export * from "./model-steps-schema.ts";
export * from "./component-schema.ts";
export * from "./spark-schema.ts";
export * from "./parallel-schema.ts";
export * from "./control-flow-schema.ts";

import { AssetTypeSchema, EnvironmentSchema, LiteralSchema, ParameterTypeSchema, type SourceLocation, SourceLocationSchema } from "./base-schema.ts";
import { EndpointSchema } from "./endpoint-schema.ts";
import { ScheduleSchema } from "./schedule-schema.ts";
import { HyperparameterSchema, SweepSettingsSchema } from "./sweep-schema.ts";
import { ArgTokenSchema, DataModeSchema, StepOutputSchema, stepBase, ValueRefSchema } from "./ref-schema.ts";
import {
  type ComponentInputIR,
  ComponentInputSchema,
  ComponentOutputSchema,
  ComponentSchema,
  ComponentStepOutputsSchema,
  DistributionSchema,
  JobServiceSchema,
  ResourcesSchema,
} from "./component-schema.ts";
import { SparkStepSchema, type SparkStepIR } from "./spark-schema.ts";
import { ParallelStepSchema, type ParallelStepIR } from "./parallel-schema.ts";
import { ControlFlowSchema, type ControlFlowIR } from "./control-flow-schema.ts";
import { DeployModelStepSchema, RegisterModelStepSchema, type DeployModelStepIR, type RegisterModelStepIR } from "./model-steps-schema.ts";

/** The job types a pipeline file can export on their own (`sweepJob`, `commandJob`, `automlJob`, `sparkJob`). */
export const STANDALONE_JOB_KINDS = ["sweep", "command", "automl", "spark"] as const;
export type StandaloneJobKind = (typeof STANDALONE_JOB_KINDS)[number];

export const ParameterSchema = z.object({
  name: z.string(),
  type: ParameterTypeSchema,
  default: LiteralSchema,
  definedAt: SourceLocationSchema,
});
export type ParameterIR = z.infer<typeof ParameterSchema>;

/** A pipeline data input: its name and type, and how Azure delivers it to the steps when the author says (`mode`). */
const inputBase = { name: z.string(), assetType: AssetTypeSchema, mode: DataModeSchema.optional(), definedAt: SourceLocationSchema };
/** Set on a web or local input that `sluice deploy` registers as a named data asset (a new version only when its content changed). */
export const RegisterDataSchema = z.object({ description: z.string().optional() });
export const DataInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("dataset"), ...inputBase, assetName: z.string(), version: z.string() }),
  z.object({ type: z.literal("web"), ...inputBase, urls: z.array(z.string()), register: RegisterDataSchema.optional() }),
  z.object({ type: z.literal("local"), ...inputBase, path: z.string(), register: RegisterDataSchema.optional() }),
]);
export type DataInputIR = z.infer<typeof DataInputSchema>;

export const DelimitedSchema = z.object({
  pattern: z.string(),
  delimiter: z.string(),
  header: z.enum(["all_files_same_headers", "no_header", "from_first_file"]),
  encoding: z.string(),
});
export type DelimitedIR = z.infer<typeof DelimitedSchema>;

/** Step-produced data (OutputFileDatasetConfig, AutoML outputs), identified by a pipeline-unique id. */
export const DataSchema = z.object({
  id: z.string(),
  name: z.string(),
  delimited: DelimitedSchema.optional(),
  definedAt: SourceLocationSchema,
});
export type DataIR = z.infer<typeof DataSchema>;

export const PythonScriptStepSchema = z.object({
  kind: z.literal("python"),
  ...stepBase,
  sourceDirectory: z.string(),
  script: z.string(),
  arguments: z.array(ArgTokenSchema),
  inputs: z.record(z.string(), ValueRefSchema),
  outputs: z.record(z.string(), StepOutputSchema),
  environment: EnvironmentSchema.optional(),
  timeoutSeconds: z.number().optional(),
});
export type PythonScriptStepIR = z.infer<typeof PythonScriptStepSchema>;

/** The AutoML tasks: `classification` and `regression` run locally too; forecasting, image and text tasks only on Azure. */
export type AutoMLTask =
  | "classification"
  | "regression"
  | "forecasting"
  | "image_classification"
  | "image_classification_multilabel"
  | "image_object_detection"
  | "image_instance_segmentation"
  | "text_classification"
  | "text_classification_multilabel"
  | "text_ner";
export const AutoMLTaskSchema = z.enum([
  "classification",
  "regression",
  "forecasting",
  "image_classification",
  "image_classification_multilabel",
  "image_object_detection",
  "image_instance_segmentation",
  "text_classification",
  "text_classification_multilabel",
  "text_ner",
]) satisfies z.ZodType<AutoMLTask>;

/** A deep-learning task's sweep: sampling and early termination, as a sweep step's. */
export const AutoMLSweepSchema = z.object({
  sampling: z.enum(["random", "grid", "bayesian"]),
  earlyTermination: SweepSettingsSchema.shape.earlyTermination,
});

/** Ensembles and extras of AutoML's `training` section. */
export const AutoMLTrainingSchema = z.object({
  enableStackEnsemble: z.boolean().optional(),
  enableVoteEnsemble: z.boolean().optional(),
  enableModelExplainability: z.boolean().optional(),
  enableOnnxCompatibleModels: z.boolean().optional(),
  enableDnnTraining: z.boolean().optional(),
  stackEnsemble: z.object({ metaLearner: z.string().optional(), trainPercentage: z.number().optional() }).optional(),
});
export type AutoMLTrainingIR = z.infer<typeof AutoMLTrainingSchema>;

/** Custom featurization: column purposes, blocked transformers, transformer parameters. */
export const AutoMLFeaturizationSchema = z.object({
  mode: z.enum(["auto", "custom", "off"]),
  blockedTransformers: z.array(z.string()).optional(),
  columnPurposes: z.record(z.string(), z.string()).optional(),
  transformerParams: z.record(z.string(), z.array(z.object({ fields: z.array(z.string()), parameters: z.record(z.string(), LiteralSchema) }))).optional(),
  enableDnnFeaturization: z.boolean().optional(),
});
export type AutoMLFeaturizationIR = z.infer<typeof AutoMLFeaturizationSchema>;

/** Forecasting's own settings (Azure's `forecasting` section). */
export const ForecastingSchema = z.object({
  timeColumnName: z.string(),
  forecastHorizon: z.union([z.number(), z.literal("auto")]).optional(),
  timeSeriesIdColumnNames: z.array(z.string()).optional(),
  targetLags: z.union([z.array(z.number()), z.literal("auto")]).optional(),
  targetRollingWindowSize: z.union([z.number(), z.literal("auto")]).optional(),
  frequency: z.string().optional(),
  seasonality: z.union([z.number(), z.literal("auto")]).optional(),
  countryOrRegionForHolidays: z.string().optional(),
  featureLags: z.enum(["auto", "none"]).optional(),
  shortSeriesHandlingConfig: z.enum(["auto", "pad", "drop", "none"]).optional(),
  targetAggregateFunction: z.enum(["sum", "max", "min", "mean", "none"]).optional(),
  useStl: z.enum(["season", "season_trend", "none"]).optional(),
  cvStepSize: z.number().optional(),
});
export type ForecastingIR = z.infer<typeof ForecastingSchema>;

export const AutoMLLimitsSchema = z.object({
  maxTrials: z.number().optional(),
  maxConcurrentTrials: z.number().optional(),
  trialTimeoutMinutes: z.number().optional(),
  timeoutMinutes: z.number().optional(),
  /** Stop when the primary metric reaches this value. */
  exitScore: z.number().optional(),
  /** Cores each trial may use (-1: all of a node's). */
  maxCoresPerTrial: z.number().optional(),
  /** Nodes a deep-learning trial may use (text tasks). */
  maxNodes: z.number().optional(),
});

export const AutoMLStepSchema = z.object({
  kind: z.literal("automl"),
  ...stepBase,
  task: AutoMLTaskSchema,
  trainingData: ValueRefSchema,
  validationData: ValueRefSchema.optional(),
  /** Absent only for NER, whose labels are in its CoNLL text. */
  labelColumn: ValueRefSchema.optional(),
  primaryMetric: z.string(),
  /** Deep-learning tasks: fixed training parameters (camelCase), the subspaces trials sample, their sweep. */
  trainingParameters: z.record(z.string(), LiteralSchema).optional(),
  searchSpace: z.array(z.record(z.string(), z.union([HyperparameterSchema, LiteralSchema]))).optional(),
  sweep: AutoMLSweepSchema.optional(),
  /** Text tasks: the language of the text (`eng`, `deu`, `mul`, …). */
  datasetLanguage: z.string().optional(),
  resources: z.lazy(() => ResourcesSchema).optional(),
  featurization: z.enum(["auto", "off"]).optional(),
  nCrossValidations: z.union([z.number(), z.literal("auto")]).optional(),
  limits: AutoMLLimitsSchema,
  enableEarlyStopping: z.boolean().optional(),
  allowedAlgorithms: z.array(z.string()).optional(),
  blockedAlgorithms: z.array(z.string()).optional(),
  /** The share of the training data held out to score trials (instead of cross-validation). */
  validationDataSize: z.number().optional(),
  /** Data the best model is scored on after training (or the share of training data held out for it). */
  testData: ValueRefSchema.optional(),
  testDataSize: z.number().optional(),
  weightColumn: z.string().optional(),
  positiveLabel: z.string().optional(),
  cvSplitColumns: z.array(z.string()).optional(),
  training: AutoMLTrainingSchema.optional(),
  featurizationSettings: AutoMLFeaturizationSchema.optional(),
  forecasting: ForecastingSchema.optional(),
  logVerbosity: z.enum(["not_set", "debug", "info", "warning", "error", "critical"]).optional(),
  displayName: z.string().optional(),
  /** `declared`: listed at the node as its YAML's `outputs:` does (with a `mode`, if given). */
  outputs: z.object({
    best_model: StepOutputSchema.extend({ declared: z.boolean().optional(), mode: z.enum(["rw_mount", "upload"]).optional() }),
    metrics: StepOutputSchema,
  }),
});
export type AutoMLStepIR = z.infer<typeof AutoMLStepSchema>;

/** One run of a component in the pipeline: its inputs bound, its outputs declared. */
export const CommandStepSchema = z.object({
  kind: z.literal("command"),
  ...stepBase,
  displayName: z.string().optional(),
  resources: ResourcesSchema.optional(),
  distribution: DistributionSchema.optional(),
  timeoutSeconds: z.number().optional(),
  environmentVariables: z.record(z.string(), z.string()).optional(),
  /** Interactive services (VS Code, JupyterLab, TensorBoard, SSH) on Azure; a local run has none. */
  services: z.record(z.string(), JobServiceSchema).optional(),
  component: ComponentSchema,
  inputs: z.record(z.string(), ValueRefSchema),
  outputs: ComponentStepOutputsSchema,
});
export type CommandStepIR = z.infer<typeof CommandStepSchema>;

/** A hyperparameter sweep: trials of a command component, its swept inputs sampled per trial; outputs are the best trial's. */
export const SweepStepSchema = CommandStepSchema.omit({
  kind: true,
  resources: true,
  distribution: true,
  timeoutSeconds: true,
  environmentVariables: true,
  services: true,
}).extend({
  kind: z.literal("sweep"),
  sweep: SweepSettingsSchema,
});
export type SweepStepIR = z.infer<typeof SweepStepSchema>;

/**
 * A pipeline component: a sub-pipeline with declared inputs and outputs, used as one step.
 * Its steps read its inputs as `parameter` (primitive) or `input` (data) references by name.
 */
export interface PipelineComponentIR {
  name: string;
  version?: string | undefined;
  displayName?: string | undefined;
  description?: string | undefined;
  inputs: Record<string, ComponentInputIR>;
  outputs: Record<string, z.infer<typeof ComponentOutputSchema>>;
  data: DataIR[];
  steps: StepIR[];
  /** Control-flow nodes over its steps (`ifElse`, `doWhile`, `parallelFor`), when it has any. */
  control?: ControlFlowIR[] | undefined;
  /** Each declared output: the id of the data an inner step writes for it. */
  outputBindings: Record<string, string>;
  definedAt: SourceLocation;
}

/** One run of a pipeline component: its inputs bound, its outputs declared, like a command step. */
export interface PipelineStepIR
  extends Omit<CommandStepIR, "kind" | "component" | "resources" | "distribution" | "timeoutSeconds" | "environmentVariables" | "services"> {
  kind: "pipeline";
  component: PipelineComponentIR;
}

export const PipelineComponentSchema: z.ZodType<PipelineComponentIR> = z.lazy(() =>
  z.object({
    name: z.string(),
    version: z.string().optional(),
    displayName: z.string().optional(),
    description: z.string().optional(),
    inputs: z.record(z.string(), ComponentInputSchema),
    outputs: z.record(z.string(), ComponentOutputSchema),
    data: z.array(DataSchema),
    steps: z.array(StepSchema),
    control: z.array(ControlFlowSchema).optional(),
    outputBindings: z.record(z.string(), z.string()),
    definedAt: SourceLocationSchema,
  }),
);

export const PipelineStepSchema = CommandStepSchema.omit({
  kind: true,
  component: true,
  resources: true,
  distribution: true,
  timeoutSeconds: true,
  environmentVariables: true,
  services: true,
}).extend({ kind: z.literal("pipeline"), component: PipelineComponentSchema });

export type StepIR =
  | PythonScriptStepIR
  | AutoMLStepIR
  | RegisterModelStepIR
  | DeployModelStepIR
  | CommandStepIR
  | PipelineStepIR
  | SweepStepIR
  | SparkStepIR
  | ParallelStepIR;
/** One schema per step kind, discriminated by `kind` (the compiler's step-kind table mirrors it). */
export const STEP_KIND_SCHEMAS = [
  PythonScriptStepSchema,
  AutoMLStepSchema,
  RegisterModelStepSchema,
  DeployModelStepSchema,
  CommandStepSchema,
  PipelineStepSchema,
  SweepStepSchema,
  SparkStepSchema,
  ParallelStepSchema,
] as const;
export const StepSchema: z.ZodType<StepIR> = z.discriminatedUnion("kind", [...STEP_KIND_SCHEMAS]);
export type StepKind = StepIR["kind"];

export const PipelineSchema = z.object({
  irVersion: z.literal(IR_VERSION),
  name: z.string(),
  /** What Azure shows for the job; the name when not given; null for none (Azure shows the run's generated name). */
  displayName: z.string().nullable().optional(),
  /** Azure's experiment; the pipeline name when not given. */
  experiment: z.string().optional(),
  description: z.string().optional(),
  defaultCompute: z.string().optional(),
  /** The pipeline job's own compute (its `computeId`), a fallback for steps as `defaultCompute` is. */
  compute: z.string().optional(),
  defaultDatastore: z.string().optional(),
  /** Only what the author set is sent, as the SDK does. */
  continueOnStepFailure: z.boolean().optional(),
  /** Rerun every step (Azure's `force_rerun`); only sent when set. */
  forceRerun: z.boolean().optional(),
  /** Job settings Sluice does not model, sent in `settings` as written (the SDK passes unknown keys through). */
  extraSettings: z.record(z.string(), LiteralSchema).optional(),
  /** Set when this is a standalone job of that type (`sweepJob`, `commandJob`, `automlJob`): its one step is the job. */
  job: z.enum(STANDALONE_JOB_KINDS).optional(),
  tags: z.record(z.string(), z.string()),
  definedAt: SourceLocationSchema,
  parameters: z.array(ParameterSchema),
  inputs: z.array(DataInputSchema),
  data: z.array(DataSchema),
  steps: z.array(StepSchema),
  /** Control-flow nodes over the steps (`ifElse`, `doWhile`, `parallelFor`), when the pipeline has any. */
  control: z.array(ControlFlowSchema).optional(),
  /** Pipeline outputs: the data bound to each, and how Azure stores it when the author said. */
  outputs: z.record(z.string(), z.object({ data: z.string(), mode: DataModeSchema.optional(), path: z.string().optional() })),
  /** Optional so IR written before schedules existed stays valid. */
  schedules: z.array(ScheduleSchema).optional(),
  /** Online and batch endpoints serving the pipeline's (or registered) models. */
  endpoints: z.array(EndpointSchema).optional(),
});
export type PipelineIR = z.infer<typeof PipelineSchema>;
