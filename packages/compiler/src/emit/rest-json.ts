import { bindingText } from "../lower/bindings.ts";
import { stableStringify } from "../hash/content-version.ts";
import type {
  AutoMLNode,
  CommandNode,
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
import { outputsBody } from "../plan/component-body.ts";
import { doWhileFields, ifElseFields, parallelForFields } from "./control-flow.ts";
import { codePlaceholder, environmentPlaceholder } from "./standalone-job.ts";
import { sparkFields } from "../plan/spark-fields.ts";
import { automlJobFields, automlTraining } from "../plan/automl-fields.ts";
import { deepLearningFields } from "../plan/automl-deep-fields.ts";
import { type StandaloneJobKind, TABULAR_TASKS } from "@sluice/dsl/ir";
import { REST_MODE } from "../plan/data-modes.ts";
import { jobSettings } from "../plan/job-settings.ts";
import { sweepFields } from "../plan/sweep-fields.ts";
import { commandJobBody } from "./command-job.ts";
import { sweepJobBody } from "./sweep-job.ts";
import { automlJobBody } from "./automl-job.ts";
import { sparkJobBody } from "./spark-job.ts";
import { componentPlaceholder } from "../plan/placeholders.ts";
import { relativePlan } from "../plan/relative-plan.ts";
import { computeId } from "./compute-ref.ts";

export { componentPlaceholder };

function nodeOutput(o: NodeOutput): Record<string, unknown> {
  if (o.pipelineOutput !== undefined) return { type: "literal", value: `\${{parent.outputs.${o.pipelineOutput}}}` };
  return { job_output_type: o.type, mode: o.mode === undefined ? undefined : REST_MODE[o.mode], uri: o.path };
}

/** Outputs listed at the node: those bound to a pipeline output or declared there. */
function nodeOutputs(outputs: Record<string, NodeOutput>): Record<string, unknown> | undefined {
  const entries = Object.entries(outputs)
    .filter(([, o]) => o.declared || o.pipelineOutput !== undefined)
    .map(([name, o]) => [name, nodeOutput(o)]);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function nodeInput(i: NodeInput): Record<string, unknown> {
  const b = i.binding;
  // A registered asset goes as `name@latest` / `name:version`, without `azureml:`, as the SDK sends it.
  const uri = b.kind === "data" && /^azureml:[^/]/.test(b.uri) ? b.uri.slice("azureml:".length) : undefined;
  if (b.kind === "data") return { job_input_type: i.type, mode: b.mode === undefined ? undefined : REST_MODE[b.mode], uri: uri ?? b.uri };
  // A binding the step reads in a mode of its own carries it, as the SDK sends `{ path: ${{…}}, mode }`.
  const mode = b.kind !== "literal" && b.mode !== undefined ? { mode: REST_MODE[b.mode] } : {};
  return { job_input_type: "literal", value: bindingText(b), ...mode };
}

function commandNode(node: CommandNode): Record<string, unknown> {
  return { ...componentRunNode(node), ...jobSettings(node, true) };
}

function automlNode(node: AutoMLNode): Record<string, unknown> {
  return {
    ...automlJobFields(node),
    name: node.key,
    // The SDK always sends an AutoML node's outputs, empty when none is exposed.
    outputs: nodeOutputs(node.outputs) ?? {},
    properties: {},
    tags: {},
    // Image and text tasks have no `training` section.
    training: TABULAR_TASKS.includes(node.automl.task) ? automlTraining(node.automl) : undefined,
    ...deepLearningFields(node.automl, "text"),
  };
}

function nodeInputs(node: PlanNode): Record<string, unknown> | undefined {
  const entries = Object.entries(node.inputs);
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([name, i]) => [name, nodeInput(i)]));
}

/** What every node running a component sends: its component, compute, name, inputs and outputs, and its type. */
function componentRunNode(node: CommandNode | PipelineNode | SparkNode | ParallelNode): Record<string, unknown> {
  return {
    _source: "BUILDER",
    componentId: componentPlaceholder(node.component),
    computeId: computeId(node.compute),
    display_name: node.displayName,
    inputs: nodeInputs(node),
    name: node.key,
    outputs: nodeOutputs(node.outputs),
    type: node.kind,
  };
}

function pipelineNode(node: PipelineNode): Record<string, unknown> {
  return componentRunNode(node);
}

function sweepNode(node: SweepNode): Record<string, unknown> {
  return {
    _source: "BUILDER",
    computeId: computeId(node.compute),
    display_name: node.displayName,
    inputs: nodeInputs(node),
    name: node.key,
    outputs: nodeOutputs(node.outputs),
    trial: { componentId: componentPlaceholder(node.component) },
    type: "sweep",
    ...sweepFields(node.sweep, "rest"),
  };
}

function sparkNode(node: SparkNode): Record<string, unknown> {
  return { ...componentRunNode(node), ...sparkFields(node, computeId(node.compute), "node") };
}

function parallelNode(node: ParallelNode): Record<string, unknown> {
  // The SDK repeats the task at the node; its code and environment are resolved at deploy.
  const task = parallelNodeFields(node, node.code === undefined ? undefined : codePlaceholder(node.code), environmentPlaceholder(node.environment));
  return { ...componentRunNode(node), ...task };
}

/** Per-kind node emitters (snake_case node JSON, as the SDK sends it). */
const NODE_EMITTERS: { [K in PlanNode["kind"]]: (node: Extract<PlanNode, { kind: K }>) => Record<string, unknown> } = {
  command: commandNode,
  automl: automlNode,
  pipeline: pipelineNode,
  sweep: sweepNode,
  spark: sparkNode,
  parallel: parallelNode,
  if_else: ifElseFields,
  do_while: doWhileFields,
  parallel_for: (node) => {
    // In the job body a pipeline-output binding is a literal output, as for every other node.
    const { outputs: _, ...fields } = parallelForFields(node);
    return { ...fields, outputs: nodeOutputs(node.outputs) };
  },
};

/** A node as a job's (or a pipeline component's) `jobs` entry. */
export function restNode(node: PlanNode): Record<string, unknown> {
  return (NODE_EMITTERS[node.kind] as (x: PlanNode) => Record<string, unknown>)(node);
}

/**
 * The `componentSpec` of a pipeline component version, as the SDK registers one: its interface
 * and its `jobs`, whose component ids are placeholders until the runtime swaps in ARM ids.
 */
export function pipelineComponentSpec(c: PipelineComponentSpec): Record<string, unknown> {
  return {
    _source: "BUILDER",
    description: c.description,
    display_name: c.displayName ?? c.name,
    inputs: c.inputs,
    jobs: Object.fromEntries(c.nodes.map((n) => [n.key, restNode(n)])),
    name: c.name,
    outputs: outputsBody(c.outputs),
    type: "pipeline",
    version: c.named ? c.version : undefined,
  };
}

/** Pipeline inputs; a registered asset goes as `name:version` / `name@latest`, without `azureml:`, as the SDK sends it. */
function topLevelInputs(plan: ExecutionPlan): Record<string, unknown> {
  const uri = (value: string) => (/^azureml:[^/]/.test(value) ? value.slice("azureml:".length) : value);
  return Object.fromEntries(
    plan.inputs.map((i) =>
      i.kind === "parameter"
        ? [i.name, { jobInputType: "literal", value: i.value }]
        : [i.name, { jobInputType: i.type, mode: i.mode === undefined ? undefined : REST_MODE[i.mode], uri: uri(i.value) }],
    ),
  );
}

/** Each standalone job type's body: a type missing here is a type error. */
const STANDALONE_BODIES: { [K in StandaloneJobKind]: (plan: ExecutionPlan) => { properties: Record<string, unknown> } } = {
  sweep: sweepJobBody,
  command: commandJobBody,
  automl: automlJobBody,
  spark: sparkJobBody,
};

/**
 * The body of `PUT …/workspaces/{ws}/jobs/{name}` (api-version 2022-10-01) for a plan whose paths
 * are already relative (as written, or as a runtime loaded it): a Pipeline job in the official
 * SDK's shape, except that every pipeline output states its type.
 */
export function restJobBody(plan: ExecutionPlan): { properties: Record<string, unknown> } {
  if (plan.pipeline.job !== undefined) return STANDALONE_BODIES[plan.pipeline.job](plan);
  const p = plan.pipeline;
  const outputs = Object.entries(plan.outputs).filter(([, o]) => o.type !== "automl_metrics");
  return {
    properties: {
      description: p.description,
      computeId: p.compute,
      displayName: jobDisplayName(p),
      experimentName: p.experiment,
      inputs: topLevelInputs(plan),
      isArchived: false,
      jobType: "Pipeline",
      jobs: Object.fromEntries(plan.nodes.map((n) => [n.key, restNode(n)])),
      outputs: Object.fromEntries(
        outputs.map(([name, o]) => [name, { jobOutputType: o.type, mode: o.mode === undefined ? undefined : REST_MODE[o.mode], uri: o.path }]),
      ),
      properties: {},
      settings: {
        _source: "DSL",
        continue_on_step_failure: p.continueOnStepFailure,
        force_rerun: p.forceRerun,
        default_compute: p.defaultCompute,
        default_datastore: p.defaultDatastore,
        ...p.extraSettings,
      },
      tags: p.tags,
    },
  };
}

/** The REST body for a compiled pipeline, with local paths relative to `baseDir`. */
export function emitRestJob(model: ExecutionPlan, baseDir: string): { properties: Record<string, unknown> } {
  return restJobBody(relativePlan(model, baseDir));
}

export function restJobJson(model: ExecutionPlan, baseDir: string): string {
  return `${stableStringify(emitRestJob(model, baseDir), 2)}\n`;
}
