import * as z from "zod";
import {
  BatchDeploymentSchema,
  OnlineDeploymentSchema,
  ComponentInputSchema,
  DataModeSchema,
  DistributionSchema,
  ResourcesSchema,
  ScheduleSchema,
  SparkPartsSchema,
  STANDALONE_JOB_KINDS,
} from "@sluice/dsl/ir";
import { IOTypeSchema, PlanNodeSchema, ParallelPartsSchema } from "./plan-nodes.ts";

export * from "./plan-nodes.ts";

/**
 * The execution plan: what lowering produces once, and the only thing every consumer reads —
 * the REST and CLI YAML emitters, the `<name>.plan.json` file, the Azure deployer and the local
 * backend. It is plain, versioned JSON validated by this schema, so a runtime can load a plan
 * written by another Sluice version and refuse it clearly instead of misreading it.
 */
export const PLAN_VERSION = 2;

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
const ComponentOutputSpecSchema = z.object({
  type: IOTypeSchema,
  description: z.string().optional(),
  mode: DataModeSchema.optional(),
  /** A boolean a control-flow node decides on (Azure's `is_control`). */
  isControl: z.boolean().optional(),
});
export type ComponentOutputSpec = z.infer<typeof ComponentOutputSpecSchema>;

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
    /** What Azure shows for the job, when the author set it; the name otherwise; null for none (Azure shows the run's generated name). */
    displayName: z.string().nullable().optional(),
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
    /** The pipeline job's own compute (REST `computeId`, YAML `compute`), when the author set it. */
    compute: z.string().optional(),
    defaultDatastore: z.string().optional(),
    /** Settings Sluice does not model, sent as written. */
    extraSettings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
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

/** The display name a job body carries: the author's, the pipeline's name when unset, none when the author said null. */
export function jobDisplayName(pipeline: ExecutionPlan["pipeline"]): string | undefined {
  return pipeline.displayName === null ? undefined : (pipeline.displayName ?? pipeline.name);
}
