import * as z from "zod";
import {
  AutoMLFeaturizationSchema,
  AutoMLSweepSchema,
  AutoMLTaskSchema,
  HyperparameterSchema,
  LiteralSchema,
  BatchDeploymentSchema,
  OnlineDeploymentSchema,
  AutoMLTrainingSchema,
  ComponentInputSchema,
  DataModeSchema,
  DistributionSchema,
  ForecastingSchema,
  ResourcesSchema,
  ScheduleSchema,
  SweepSettingsSchema,
  SparkPartsSchema,
  SparkResourcesSchema,
  SparkIdentitySchema,
  STANDALONE_JOB_KINDS,
  JobServiceSchema,
  ParallelSettingsSchema,
} from "@sluice/dsl/ir";

/**
 * The execution plan: what lowering produces once, and the only thing every consumer reads —
 * the REST and CLI YAML emitters, the `<name>.plan.json` file, the Azure deployer and the local
 * backend. It is plain, versioned JSON validated by this schema, so a runtime can load a plan
 * written by another Sluice version and refuse it clearly instead of misreading it.
 */
export const PLAN_VERSION = 2;

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
  /** Explicit compute of the step; the pipeline default applies otherwise. */
  compute: z.string().optional(),
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
});
export type ParallelNode = z.infer<typeof ParallelNodeSchema>;

export const PlanNodeSchema = z.discriminatedUnion("kind", [
  CommandNodeSchema,
  AutoMLNodeSchema,
  PipelineNodeSchema,
  SweepNodeSchema,
  SparkNodeSchema,
  ParallelNodeSchema,
]);
export type PlanNode = z.infer<typeof PlanNodeSchema>;
export type NodeKind = PlanNode["kind"];

export const EnvironmentSpecSchema = z.discriminatedUnion("kind", [
  z.object({ id: z.string(), kind: z.literal("registered"), name: z.string(), version: z.string() }),
  /** Resolved by Azure from its URI (registry environments); `id` is the URI. */
  z.object({ id: z.string(), kind: z.literal("reference") }),
  z.object({
    id: z.string(),
    kind: z.literal("image"),
    image: z.string(),
    /** Path of the conda file (relative to the plan's folder once written). */
    condaFile: z.string().optional(),
    /** The conda file's content, which the version hashes. */
    conda: z.string().optional(),
    version: z.string(),
    /** The name it is registered under; anonymous (`CliV2AnonymousEnvironment`) without one. */
    name: z.string().optional(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal("build"),
    /** The build context folder (relative to the plan's folder once written). */
    context: z.string(),
    /** The Dockerfile's path inside the context, when the pipeline names one (else Azure's default, `Dockerfile`). */
    dockerfile: z.string().optional(),
    /** The context's content hash, which the version is derived from. */
    sha256: z.string(),
    version: z.string(),
    name: z.string().optional(),
  }),
]);
export type EnvironmentSpec = z.infer<typeof EnvironmentSpecSchema>;

/** A component output: its type, and the mode the component states (an inline command's, as the SDK writes it). */
const ComponentOutputSpecSchema = z.object({ type: IOTypeSchema, description: z.string().optional(), mode: DataModeSchema.optional() });

export const ComponentSpecSchema = z.object({
  /** `name:version`; REST bodies carry `placeholder` until the runtime swaps in ARM ids. */
  id: z.string(),
  name: z.string(),
  version: z.string(),
  command: z.string(),
  /** Id of the code snapshot in `codeSnapshots` (a component may have none). */
  code: z.string().optional(),
  /** Named by its author (registered under `name:version`), not anonymous. */
  named: z.boolean(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  /** Id of the environment in `environments`, or a reference Azure resolves. */
  environment: z.string(),
  /** The component's declared inputs, as the IR declares them (types, defaults, constraints). */
  inputs: z.record(z.string(), ComponentInputSchema),
  outputs: z.record(z.string(), ComponentOutputSpecSchema),
  isDeterministic: z.boolean(),
  /** MLTable files the command writes into these outputs after the script succeeds. */
  mltableOutputs: z.array(z.string()),
  placeholder: z.string(),
  /** Keys of the nodes that run this component. */
  usedBy: z.array(z.string()),
  /** A component that already exists (workspace `azureml:name:version` / `@label`, or a registry URI): used, never created. */
  reference: z.string().optional(),
  /** What the component itself asks for (its nodes copy them unless they set their own) and its tags. */
  resources: ResourcesSchema.optional(),
  distribution: DistributionSchema.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  /** A Spark component (`type: spark`): its `command` is empty, its environment may be (""). */
  spark: SparkPartsSchema.optional(),
  /** A parallel component (`type: parallel`): its `command` is empty; `code` and `environment` are its task's. */
  parallel: ParallelPartsSchema.optional(),
});
export type ComponentSpec = z.infer<typeof ComponentSpecSchema>;

/**
 * A pipeline component: its interface and its own nodes. Inner nodes bind `parent-input` to the
 * component's inputs and expose outputs (`pipelineOutput`) as the component's outputs.
 */
export const PipelineComponentSpecSchema = z.object({
  /** `name:version`, like command components; its version hashes the inner nodes and their component ids. */
  id: z.string(),
  name: z.string(),
  version: z.string(),
  named: z.boolean(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  inputs: z.record(z.string(), ComponentInputSchema),
  outputs: z.record(z.string(), ComponentOutputSpecSchema),
  /** In definition order; keys are unique within the component. */
  nodes: z.array(PlanNodeSchema),
  placeholder: z.string(),
  usedBy: z.array(z.string()),
});
export type PipelineComponentSpec = z.infer<typeof PipelineComponentSpecSchema>;

export const CodeSnapshotSpecSchema = z.object({
  id: z.string(),
  /** The folder (relative to the plan's folder once written). */
  path: z.string(),
  builtin: z.boolean(),
  sha256: z.string(),
  bytes: z.number(),
  ignoreFile: z.string().nullable(),
  files: z.array(z.object({ path: z.string(), size: z.number(), sha256: z.string() })),
});
export type CodeSnapshotSpec = z.infer<typeof CodeSnapshotSpecSchema>;

export const PipelineInputSpecSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("parameter"),
    name: z.string(),
    type: IOTypeSchema,
    /** The default as Azure's literal input spells it (Python's `str()`). */
    value: z.string(),
    default: z.union([z.string(), z.number(), z.boolean()]),
  }),
  z.object({
    kind: z.enum(["web", "dataset", "local"]),
    name: z.string(),
    type: IOTypeSchema,
    /** URL, `azureml:` reference, or a path (relative to the plan's folder once written). */
    value: z.string(),
    /** Registered as a named data asset by `sluice deploy` (a new version only when the content changed). */
    register: z.object({ description: z.string().optional() }).optional(),
    /** How Azure delivers it to the steps, when the author says. */
    mode: DataModeSchema.optional(),
  }),
]);
export type PipelineInputSpec = z.infer<typeof PipelineInputSpecSchema>;

export const PipelineOutputSpecSchema = z.object({
  type: z.union([IOTypeSchema, z.literal("automl_metrics")]),
  node: z.string(),
  output: z.string(),
  mode: DataModeSchema.optional(),
  /** Where Azure writes it (a datastore URI), when the author said. */
  path: z.string().optional(),
});
export type PipelineOutputSpec = z.infer<typeof PipelineOutputSpecSchema>;

/** A schedule as the plan records it: the IR minus its source position. */
export const ScheduleSpecSchema = ScheduleSchema.omit({ definedAt: true });
export type ScheduleSpec = z.infer<typeof ScheduleSpecSchema>;

/** The model a deployment serves: a registered version (or `latest`), and the register step of this pipeline that registers its name, if one does. */
export const ModelSpecSchema = z.object({
  type: z.literal("registered"),
  name: z.string(),
  version: z.string(),
  /** The register step that registers this name, if any. */
  registeredBy: z.string().optional(),
  /** The deploy step that promotes models to this deployment: it owns the version once deployed. */
  promotedBy: z.string().optional(),
});
export type ModelSpec = z.infer<typeof ModelSpecSchema>;

/** A scoring script: its code snapshot (in `codeSnapshots`), file and environment (in `environments`, or a reference). */
export const ScoringSpecSchema = z.object({ code: z.string(), script: z.string(), environment: z.string() });

const deploymentSpec = {
  name: z.string(),
  model: ModelSpecSchema,
  scoring: ScoringSpecSchema.optional(),
  environmentVariables: z.record(z.string(), z.string()).optional(),
};

export const EndpointSpecSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("online"),
    name: z.string(),
    description: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    authMode: z.enum(["key", "aml_token"]),
    deployments: z.array(OnlineDeploymentSchema.omit({ definedAt: true, model: true, scoring: true }).extend(deploymentSpec)),
  }),
  z.object({
    type: z.literal("batch"),
    name: z.string(),
    description: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    defaultDeployment: z.string().optional(),
    deployments: z.array(BatchDeploymentSchema.omit({ definedAt: true, model: true, scoring: true }).extend(deploymentSpec)),
  }),
]);
export type EndpointSpec = z.infer<typeof EndpointSpecSchema>;

export const ExecutionPlanSchema = z.object({
  planVersion: z.literal(PLAN_VERSION),
  pipeline: z.object({
    name: z.string(),
    /** What Azure shows for the job, when the author set it; the name otherwise. */
    displayName: z.string().optional(),
    /** Set when the author named it; Azure (and local runs) use the pipeline name otherwise. */
    experiment: z.string().optional(),
    description: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    /** Set when the author set it. */
    continueOnStepFailure: z.boolean().optional(),
    /** Set when the author set it: every run reruns every step. */
    forceRerun: z.boolean().optional(),
    /** A standalone job of this type: its one node is the job (REST `jobType: Sweep`). */
    job: z.enum(STANDALONE_JOB_KINDS).optional(),
    defaultCompute: z.string().optional(),
    defaultDatastore: z.string().optional(),
  }),
  /** Sorted by id. */
  codeSnapshots: z.array(CodeSnapshotSpecSchema),
  environments: z.array(EnvironmentSpecSchema),
  components: z.array(ComponentSpecSchema),
  /** Sub-pipelines used as steps, inner ones before those that use them; absent when there are none. */
  pipelineComponents: z.array(PipelineComponentSpecSchema).optional(),
  /** In definition order. */
  nodes: z.array(PlanNodeSchema),
  /** Sorted by name. */
  inputs: z.array(PipelineInputSpecSchema),
  outputs: z.record(z.string(), PipelineOutputSpecSchema),
  /** Retraining schedules; each runs the job body with components pinned at deploy time. */
  schedules: z.array(ScheduleSpecSchema),
  /** Endpoints serving the models, with their deployments (sorted by name). */
  endpoints: z.array(EndpointSpecSchema).optional(),
});
export type ExecutionPlan = z.infer<typeof ExecutionPlanSchema>;
