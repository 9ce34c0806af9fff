import * as z from "zod";
import {
  AutoMLFeaturizationSchema,
  AutoMLSweepSchema,
  AutoMLTaskSchema,
  ComputeRefSchema,
  HyperparameterSchema,
  LiteralSchema,
  AutoMLTrainingSchema,
  DataModeSchema,
  DistributionSchema,
  ForecastingSchema,
  ResourcesSchema,
  SweepSettingsSchema,
  SparkPartsSchema,
  SparkResourcesSchema,
  SparkIdentitySchema,
  JobServiceSchema,
  ParallelSettingsSchema,
} from "@sluice/dsl/ir";

// The nodes of an execution plan, one schema per node kind (the emitters' and runtimes' tables are
// keyed by `PlanNode["kind"]`), and the bindings and outputs every node has.

/** Azure ML v2 input/output types as they appear in component specs and job bodies. */
export const IOTypeSchema = z.enum(["string", "number", "integer", "boolean", "uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"]);
export type IOType = z.infer<typeof IOTypeSchema>;

/** Where a node input's value comes from. Typed here; `${{...}}` text only in the emitters. */
export const BindingSchema = z.discriminatedUnion("kind", [
  /** `mode`: how the node gets the data on Azure, when its step says (`readAs`). */
  z.object({ kind: z.literal("parent-input"), name: z.string(), mode: DataModeSchema.optional() }),
  z.object({ kind: z.literal("node-output"), node: z.string(), output: z.string(), mode: DataModeSchema.optional() }),
  z.object({ kind: z.literal("literal"), value: z.string() }),
  /** Data given at the node: a path relative to the plan's folder, an `azureml:` URI or a URL. */
  z.object({ kind: z.literal("data"), uri: z.string(), mode: DataModeSchema.optional() }),
]);
export type Binding = z.infer<typeof BindingSchema>;

export const NodeInputSchema = z.object({ binding: BindingSchema, type: IOTypeSchema });
export type NodeInput = z.infer<typeof NodeInputSchema>;

export const NodeOutputSchema = z.object({
  type: IOTypeSchema,
  /** Set when the output is exposed as this pipeline output. */
  pipelineOutput: z.string().optional(),
  /** Declared at the node (so the job body lists it there); otherwise Azure's default applies. */
  declared: z.boolean(),
  mode: DataModeSchema.optional(),
  path: z.string().optional(),
  /** Registered as this data asset when the node completes: by Sluice after the run (the REST spec has no field for it). */
  register: z.object({ name: z.string(), version: z.string().optional() }).optional(),
});
export type NodeOutput = z.infer<typeof NodeOutputSchema>;

const nodeBase = {
  /** Node name in `jobs`: the step name, lower-cased (Azure's rule). */
  key: z.string(),
  /** The step name as written. */
  step: z.string(),
  /** The step name when it differs from `key` (Azure shows it). */
  displayName: z.string().optional(),
  /** Explicit compute of the step (a name, or a parameter bound to one); the pipeline default applies otherwise. */
  compute: ComputeRefSchema.optional(),
  allowReuse: z.boolean(),
  /** Keys of the nodes whose outputs this node reads, sorted. */
  dependsOn: z.array(z.string()),
  inputs: z.record(z.string(), NodeInputSchema),
  outputs: z.record(z.string(), NodeOutputSchema),
};

export const CommandNodeSchema = z.object({
  kind: z.literal("command"),
  ...nodeBase,
  /** Id of the component in `components`. */
  component: z.string(),
  timeoutSeconds: z.number().int().positive().optional(),
  resources: ResourcesSchema.optional(),
  distribution: DistributionSchema.optional(),
  environmentVariables: z.record(z.string(), z.string()).optional(),
  services: z.record(z.string(), JobServiceSchema).optional(),
});
export type CommandNode = z.infer<typeof CommandNodeSchema>;

/** AutoML settings, mapped from the IR once; emitters only rename keys. */
export const AutoMLSettingsSchema = z.object({
  task: AutoMLTaskSchema,
  /** As the DSL spells it (`AUC_weighted`); REST and YAML lower-case it. */
  primaryMetric: z.string(),
  featurization: z.enum(["auto", "off", "custom"]),
  /** The step left featurization unset: the job body omits it, as the SDK sends a job that does not say it. */
  featurizationUnset: z.literal(true).optional(),
  nCrossValidations: z.union([z.number().int(), z.literal("auto")]).optional(),
  limits: z.object({
    enableEarlyTermination: z.boolean().optional(),
    maxConcurrentTrials: z.number().int().optional(),
    maxTrials: z.number().int().optional(),
    timeoutMinutes: z.number().int().optional(),
    trialTimeoutMinutes: z.number().int().optional(),
    exitScore: z.number().optional(),
    maxCoresPerTrial: z.number().int().optional(),
    maxNodes: z.number().int().optional(),
  }),
  /** Deep-learning tasks (see the IR). */
  trainingParameters: z.record(z.string(), LiteralSchema).optional(),
  searchSpace: z.array(z.record(z.string(), z.union([HyperparameterSchema, LiteralSchema]))).optional(),
  sweep: AutoMLSweepSchema.optional(),
  datasetLanguage: z.string().optional(),
  /** A serverless job's or node's machines. */
  resources: ResourcesSchema.optional(),
  allowedAlgorithms: z.array(z.string()).optional(),
  blockedAlgorithms: z.array(z.string()).optional(),
  validationDataSize: z.number().optional(),
  testDataSize: z.number().optional(),
  weightColumn: z.string().optional(),
  positiveLabel: z.string().optional(),
  cvSplitColumns: z.array(z.string()).optional(),
  training: AutoMLTrainingSchema.optional(),
  /** Custom featurization; when set, `featurization` is its mode. */
  featurizationSettings: AutoMLFeaturizationSchema.optional(),
  forecasting: ForecastingSchema.optional(),
  /** Azure's `log_verbosity`; `info` when not given, as the SDK sends it. */
  logVerbosity: z.enum(["not_set", "debug", "info", "warning", "error", "critical"]).optional(),
});
export type AutoMLSettings = z.infer<typeof AutoMLSettingsSchema>;

/** Inputs `training_data`, `target_column_name`, optionally `validation_data` and `test_data`; output `best_model`. */
export const AutoMLNodeSchema = z.object({ kind: z.literal("automl"), ...nodeBase, automl: AutoMLSettingsSchema });
export type AutoMLNode = z.infer<typeof AutoMLNodeSchema>;

/** A run of a pipeline component (a sub-pipeline in `pipelineComponents`) as one node. */
export const PipelineNodeSchema = z.object({
  kind: z.literal("pipeline"),
  ...nodeBase,
  /** Id of the pipeline component in `pipelineComponents`. */
  component: z.string(),
});
export type PipelineNode = z.infer<typeof PipelineNodeSchema>;

/** A hyperparameter sweep: trials of a command component (`component`), its swept inputs sampled per trial. */
export const SweepNodeSchema = z.object({
  kind: z.literal("sweep"),
  ...nodeBase,
  /** Id of the trial's command component in `components`. */
  component: z.string(),
  sweep: SweepSettingsSchema,
});
export type SweepNode = z.infer<typeof SweepNodeSchema>;

export type SparkParts = z.infer<typeof SparkPartsSchema>;

/** A run of a Spark component: on an attached pool (`compute`) or serverless Spark (`resources`); `spark.conf` is the step's or else the component's. */
export const SparkNodeSchema = z.object({
  kind: z.literal("spark"),
  ...nodeBase,
  /** Id of the Spark component in `components`. */
  component: z.string(),
  spark: SparkPartsSchema,
  resources: SparkResourcesSchema.optional(),
  identity: SparkIdentitySchema.optional(),
});
export type SparkNode = z.infer<typeof SparkNodeSchema>;

/** A parallel component's task (its code and environment are the component's), and how it splits its data. */
export const ParallelPartsSchema = z.object({
  task: z.object({ entryScript: z.string(), programArguments: z.string().optional(), appendRowTo: z.string().optional() }),
  settings: ParallelSettingsSchema,
  environmentVariables: z.record(z.string(), z.string()).optional(),
});
export type ParallelParts = z.infer<typeof ParallelPartsSchema>;

/** A run of a parallel component: the node repeats its task (code and environment ids included) and settings, as the SDK sends it. */
export const ParallelNodeSchema = z.object({
  kind: z.literal("parallel"),
  ...nodeBase,
  /** Id of the parallel component in `components`. */
  component: z.string(),
  parallel: ParallelPartsSchema,
  /** Ids of the task's code snapshot and environment. */
  code: z.string().optional(),
  environment: z.string(),
  resources: ResourcesSchema.optional(),
  /** Its settings were written at the node (`parallelStep`); else they are a component's, which the node repeats only in part, as the SDK does. */
  atNode: z.boolean().optional(),
});
export type ParallelNode = z.infer<typeof ParallelNodeSchema>;

/**
 * Control-flow nodes run no component: they name nodes of the same graph (by key) and decide
 * whether and how often those run, as Azure's `if_else`, `do_while` and `parallel_for` nodes do.
 * They read nothing through `inputs`; `dependsOn` lists the nodes they name.
 */
export const IfElseNodeSchema = z.object({
  kind: z.literal("if_else"),
  ...nodeBase,
  /** A literal `True`/`False`, a boolean parameter, or a node's boolean control output. */
  condition: BindingSchema,
  trueBlock: z.array(z.string()),
  falseBlock: z.array(z.string()),
});
export type IfElseNode = z.infer<typeof IfElseNodeSchema>;

export const DoWhileNodeSchema = z.object({
  kind: z.literal("do_while"),
  ...nodeBase,
  body: z.string(),
  /** The body's boolean control output that keeps the loop going. */
  condition: z.string(),
  /** Body output → the body inputs it feeds in the next round. */
  mapping: z.record(z.string(), z.array(z.string())),
  maxIterationCount: z.number().int().optional(),
});
export type DoWhileNode = z.infer<typeof DoWhileNodeSchema>;

/** `outputs` are the body's, aggregated over every round (a folder per round; values as a JSON list). */
export const ParallelForNodeSchema = z.object({
  kind: z.literal("parallel_for"),
  ...nodeBase,
  body: z.string(),
  /** The items as Azure takes them (a JSON list of input values per round), or a binding to them. */
  items: z.union([z.object({ kind: z.literal("items"), json: z.string() }), BindingSchema]),
  maxConcurrency: z.number().int().optional(),
});
export type ParallelForNode = z.infer<typeof ParallelForNodeSchema>;

export const PlanNodeSchema = z.discriminatedUnion("kind", [
  CommandNodeSchema,
  AutoMLNodeSchema,
  PipelineNodeSchema,
  SweepNodeSchema,
  SparkNodeSchema,
  ParallelNodeSchema,
  IfElseNodeSchema,
  DoWhileNodeSchema,
  ParallelForNodeSchema,
]);
/** The control-flow node kinds (no component of their own). */
export type ControlNode = IfElseNode | DoWhileNode | ParallelForNode;
export const CONTROL_KINDS: ReadonlySet<PlanNode["kind"]> = new Set(["if_else", "do_while", "parallel_for"]);
export type PlanNode = z.infer<typeof PlanNodeSchema>;
export type NodeKind = PlanNode["kind"];
