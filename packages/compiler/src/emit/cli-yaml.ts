import { bindingText } from "../lower/bindings.ts";
import type {
  AutoMLNode,
  CommandNode,
  ComponentSpec,
  EnvironmentSpec,
  ExecutionPlan,
  NodeInput,
  NodeOutput,
  PipelineComponentSpec,
  PipelineNode,
  PlanNode,
  ParallelNode,
  SparkNode,
  SweepNode,
} from "../plan/execution-plan.ts";
import { jobDisplayName } from "../plan/execution-plan.ts";
import { parallelNodeFields } from "../plan/parallel-fields.ts";
import { doWhileFields, ifElseFields, parallelForFields } from "./control-flow.ts";
import { automlJobFields, automlTraining } from "../plan/automl-fields.ts";
import { automlJobNode, automlJobYaml } from "./automl-job.ts";
import { deepLearningFields } from "../plan/automl-deep-fields.ts";
import { componentBody, outputsBody } from "../plan/component-body.ts";
import { jobSettings } from "../plan/job-settings.ts";
import { sweepFields } from "../plan/sweep-fields.ts";
import { commandJobNode, commandJobYaml } from "./command-job.ts";
import { sweepJobNode, sweepJobYaml } from "./sweep-job.ts";
import { sparkJobNode, sparkJobYaml } from "./spark-job.ts";
import type { StandaloneJobKind } from "@sluice/dsl/ir";
import { relativePlan } from "../plan/relative-plan.ts";
import { toYaml } from "./yaml-text.ts";
import { computeYaml } from "./compute-ref.ts";

const PIPELINE_SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json";
const COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json";
const PARALLEL_COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/parallelComponent.schema.json";
const SPARK_COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/sparkComponent.schema.json";
const PIPELINE_COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineComponent.schema.json";

interface YamlContext {
  plan: ExecutionPlan;
  components: Map<string, ComponentSpec>;
  pipelineComponents: Map<string, PipelineComponentSpec>;
  environments: Map<string, EnvironmentSpec>;
  snapshotDirs: Map<string, string>;
  /** The file each pipeline component is written to, beside the job's YAML. */
  componentFiles: Map<string, string>;
}

/** An environment as CLI v2 YAML writes it: a reference, an image with its conda file, or a build context. */
export function environmentValue(ctx: Pick<YamlContext, "environments">, id: string): unknown {
  const env = ctx.environments.get(id);
  if (env?.kind !== "build" && env?.kind !== "image") return id;
  // A named one says its name and version, as its author wrote them; an anonymous one neither.
  const named = env.name === undefined ? {} : { name: env.name, version: env.version };
  if (env.kind === "build") return { ...named, build: { path: env.context, ...(env.dockerfile !== undefined ? { dockerfile_path: env.dockerfile } : {}) } };
  return { ...named, image: env.image, conda_file: env.condaFile };
}

function outputs(record: Record<string, NodeOutput>): Record<string, unknown> | undefined {
  const entries = Object.entries(record)
    .filter(([, o]) => o.declared || o.pipelineOutput !== undefined)
    .map(([n, o]) => [n, o.pipelineOutput === undefined ? { type: o.type, mode: o.mode, path: o.path } : `\${{parent.outputs.${o.pipelineOutput}}}`]);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** A node input as the YAML spells it: typed literals, bindings, or data with its path and mode. */
function inputValue(i: NodeInput): unknown {
  const b = i.binding;
  if (b.kind === "data") return { type: i.type, path: b.uri, mode: b.mode };
  if (b.kind !== "literal") return b.mode === undefined ? bindingText(b) : { path: bindingText(b), mode: b.mode };
  if (i.type === "number" || i.type === "integer") return Number(b.value);
  if (i.type === "boolean") return b.value === "True";
  return b.value;
}

const empty = (r: Record<string, unknown>) => (Object.keys(r).length === 0 ? undefined : r);

function jobsOf(ctx: YamlContext, nodes: PlanNode[]): Record<string, unknown> {
  return Object.fromEntries(nodes.map((n) => [n.key, (JOB_EMITTERS[n.kind] as (c: YamlContext, x: PlanNode) => Record<string, unknown>)(ctx, n)]));
}

/** A pipeline component's own YAML file (`az ml` reads a pipeline node's component from a file, not inline). */
function pipelineComponentDoc(ctx: YamlContext, c: PipelineComponentSpec): Record<string, unknown> {
  return {
    $schema: PIPELINE_COMPONENT_SCHEMA,
    type: "pipeline",
    name: c.name,
    version: c.named ? c.version : undefined,
    display_name: c.displayName,
    description: c.description,
    inputs: empty(c.inputs),
    outputs: empty(outputsBody(c.outputs)),
    jobs: jobsOf(ctx, c.nodes),
  };
}

function pipelineJob(ctx: YamlContext, node: PipelineNode): Record<string, unknown> {
  return {
    type: "pipeline",
    display_name: node.displayName,
    compute: computeYaml(node.compute),
    component: `./${ctx.componentFiles.get(node.component)}`,
    inputs: empty(Object.fromEntries(Object.entries(node.inputs).map(([n, i]) => [n, inputValue(i)]))),
    outputs: outputs(node.outputs),
  };
}

function sweepJob(ctx: YamlContext, node: SweepNode): Record<string, unknown> {
  const { component, ...job } = commandJob(ctx, { ...node, kind: "command" });
  return { ...job, type: "sweep", trial: component, ...sweepFields(node.sweep, "yaml") };
}

/** What every run of a component says in YAML: its compute, the component inline (or its reference), inputs and outputs. */
function componentRun(ctx: YamlContext, node: CommandNode | SparkNode | ParallelNode, schema: string): Record<string, unknown> {
  const c = ctx.components.get(node.component) as ComponentSpec;
  const environment = c.environment === "" ? undefined : environmentValue(ctx, c.environment);
  return {
    type: node.kind,
    display_name: node.displayName,
    compute: computeYaml(node.compute),
    component: c.reference ?? {
      $schema: schema,
      ...componentBody(c, c.code === undefined ? undefined : ctx.snapshotDirs.get(c.code), environment),
      inputs: empty(c.inputs),
      outputs: empty(outputsBody(c.outputs)),
    },
    inputs: empty(Object.fromEntries(Object.entries(node.inputs).map(([n, i]) => [n, inputValue(i)]))),
    outputs: outputs(node.outputs),
  };
}

function commandJob(ctx: YamlContext, node: CommandNode): Record<string, unknown> {
  return { ...componentRun(ctx, node, COMPONENT_SCHEMA), ...jobSettings(node, false) };
}

function automlJob(_ctx: YamlContext, node: AutoMLNode): Record<string, unknown> {
  const training = automlTraining(node.automl);
  return {
    ...automlJobFields(node),
    outputs: outputs(node.outputs),
    training: Object.values(training).some((v) => v !== undefined) ? training : undefined,
    ...deepLearningFields(node.automl, "yaml"),
  };
}

function sparkJob(ctx: YamlContext, node: SparkNode): Record<string, unknown> {
  return {
    ...componentRun(ctx, node, SPARK_COMPONENT_SCHEMA),
    type: "spark",
    resources: node.resources && { instance_type: node.resources.instanceType, runtime_version: node.resources.runtimeVersion },
    identity: node.identity && { type: node.identity },
    conf: node.spark.conf,
  };
}

/** A parallel node as YAML writes it: its component inline (with its task), its settings and task again at the node, as the SDK does. */
function parallelJob(ctx: YamlContext, node: ParallelNode): Record<string, unknown> {
  const code = node.code === undefined ? undefined : ctx.snapshotDirs.get(node.code);
  const { resources: _r, ...run } = componentRun(ctx, node, PARALLEL_COMPONENT_SCHEMA);
  return { ...run, type: "parallel", ...parallelNodeFields(node, code, environmentValue(ctx, node.environment), true) };
}

const JOB_EMITTERS: { [K in PlanNode["kind"]]: (ctx: YamlContext, node: Extract<PlanNode, { kind: K }>) => Record<string, unknown> } = {
  command: commandJob,
  automl: automlJob,
  pipeline: pipelineJob,
  sweep: sweepJob,
  spark: sparkJob,
  parallel: parallelJob,
  if_else: (_ctx, node) => ifElseFields(node),
  do_while: (_ctx, node) => doWhileFields(node),
  parallel_for: (_ctx, node) => parallelForFields(node),
};

function pipelineInputs(plan: ExecutionPlan): Record<string, unknown> {
  return Object.fromEntries(plan.inputs.map((i) => (i.kind === "parameter" ? [i.name, i.default] : [i.name, { type: i.type, path: i.value, mode: i.mode }])));
}

/** A standalone job's inputs: each input of its one node with the value or data the pipeline gives it. */
function jobInputsYaml(plan: ExecutionPlan, node: PlanNode): Record<string, unknown> {
  const given = new Map(Object.entries(pipelineInputs(plan)));
  return Object.fromEntries(Object.entries(node.inputs).map(([n, i]) => [n, i.binding.kind === "parent-input" ? given.get(i.binding.name) : inputValue(i)]));
}

/** A standalone job's code folder and environment, as its YAML names them (none: no `code`, no environment). */
function codeAndEnvironment(ctx: YamlContext, componentId: string): { code?: string | undefined; environment: unknown } {
  const c = ctx.components.get(componentId);
  const code = c?.code === undefined ? undefined : ctx.snapshotDirs.get(c.code);
  return { code, environment: c?.environment ? environmentValue(ctx, c.environment) : "" };
}

/** Each standalone job type's YAML document: a type missing here is a type error. */
const STANDALONE_YAML: { [K in StandaloneJobKind]: (ctx: YamlContext) => Record<string, unknown> } = {
  sweep: ({ plan, ...ctx }) => sweepJobYaml(plan, codeAndEnvironment({ plan, ...ctx }, sweepJobNode(plan).component), jobInputsYaml(plan, sweepJobNode(plan))),
  command: ({ plan, ...ctx }) =>
    commandJobYaml(plan, codeAndEnvironment({ plan, ...ctx }, commandJobNode(plan).component), jobInputsYaml(plan, commandJobNode(plan))),
  automl: ({ plan }) => automlJobYaml(plan, jobInputsYaml(plan, automlJobNode(plan))),
  spark: ({ plan, ...ctx }) => sparkJobYaml(plan, codeAndEnvironment({ plan, ...ctx }, sparkJobNode(plan).component), jobInputsYaml(plan, sparkJobNode(plan))),
};

/** `<stem>.<component>.component.yml` for each pipeline component, a second one of a name numbered. */
function componentFileNames(plan: ExecutionPlan, stem: string): Map<string, string> {
  const files = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of plan.pipelineComponents ?? []) {
    let file = `${stem}.${c.name}.component.yml`;
    for (let n = 2; taken.has(file); n++) file = `${stem}.${c.name}-${n}.component.yml`;
    taken.add(file);
    files.set(c.id, file);
  }
  return files;
}

function yamlContext(plan: ExecutionPlan): YamlContext {
  return {
    plan,
    components: new Map(plan.components.map((c) => [c.id, c])),
    pipelineComponents: new Map((plan.pipelineComponents ?? []).map((c) => [c.id, c])),
    environments: new Map(plan.environments.map((e) => [e.id, e])),
    snapshotDirs: new Map(plan.codeSnapshots.map((s) => [s.id, s.path])),
    componentFiles: componentFileNames(plan, plan.pipeline.name),
  };
}

/** The CLI v2 pipeline job for a plan whose paths are already relative to the YAML's folder. */
export function cliYamlOf(plan: ExecutionPlan): string {
  const p = plan.pipeline;
  const ctx = yamlContext(plan);
  if (p.job !== undefined) return toYaml(STANDALONE_YAML[p.job](ctx));
  const outputsEntries = Object.entries(plan.outputs).filter(([, o]) => o.type !== "automl_metrics");
  const doc = {
    $schema: PIPELINE_SCHEMA,
    type: "pipeline",
    display_name: jobDisplayName(p),
    experiment_name: p.experiment,
    compute: p.compute === undefined ? undefined : `azureml:${p.compute}`,
    description: p.description,
    tags: Object.keys(p.tags).length === 0 ? undefined : p.tags,
    settings: {
      default_compute: p.defaultCompute === undefined ? undefined : `azureml:${p.defaultCompute}`,
      default_datastore: p.defaultDatastore === undefined ? undefined : `azureml:${p.defaultDatastore}`,
      continue_on_step_failure: p.continueOnStepFailure,
      force_rerun: p.forceRerun,
      ...p.extraSettings,
    },
    inputs: pipelineInputs(plan),
    outputs: Object.fromEntries(outputsEntries.map(([n, o]) => [n, { type: o.type, mode: o.mode, path: o.path }])),
    jobs: jobsOf(ctx, plan.nodes),
  };
  return toYaml(doc);
}

/**
 * An Azure ML CLI v2 pipeline job (`az ml job create -f`), with inline command components whose
 * code and conda paths are relative to the YAML file's folder (`baseDir`). A pipeline component
 * is named by file (`component: ./<pipeline>.<component>.component.yml`): write
 * {@link emitCliYamlComponents} beside it.
 */
export function emitCliYaml(model: ExecutionPlan, baseDir: string): string {
  return cliYamlOf(relativePlan(model, baseDir));
}

/** The pipeline components' own YAML files (file name → text), to write in `baseDir` beside the job's YAML. */
export function emitCliYamlComponents(model: ExecutionPlan, baseDir: string): Record<string, string> {
  const ctx = yamlContext(relativePlan(model, baseDir));
  return Object.fromEntries((ctx.plan.pipelineComponents ?? []).map((c) => [ctx.componentFiles.get(c.id) as string, toYaml(pipelineComponentDoc(ctx, c))]));
}
