import { resolve } from "node:path";
import { isLocalUri, restJobBody } from "@sluice/compiler";
import { SluiceError } from "../../errors/sluice-error.ts";
import { resolveParams } from "../../backends/params.ts";
import type { RunSpec } from "../../backends/run-spec.ts";
import type { AzureWorkspace } from "../arm-client.ts";

export interface JobBodyOptions {
  /** code snapshot id → ARM id of its code version (a standalone sweep job's trial names its code) */
  codeIds?: Map<string, string>;
  /** environment id → the reference component specs use (`azureml:…`) */
  environmentRefs?: Map<string, string>;
  /** placeholder (`sluice:component:…`) → component ARM id */
  componentIds: Map<string, string>;
  /** absolute local path → ARM id of the data asset version it was uploaded as */
  dataIds: Map<string, string>;
  params: Record<string, string>;
  force: boolean;
}

/** Notes the plan prints about data inputs that are read afresh on every scheduled run. */
export function liveDataNotes(spec: RunSpec): string[] {
  return spec.plan.inputs
    .filter((i) => i.kind === "dataset" && i.value.endsWith("@latest"))
    .map((i) => `data input ${i.name} (${i.value}) stays live: each scheduled run reads the newest version`);
}

type RestInput = { jobInputType: string; value?: string; uri?: string };

/** A local path (relative to the pipeline file's folder) as the data asset version it was uploaded as. */
type DataRef = (uri: string) => string;

export function dataRef(spec: RunSpec, dataIds: Map<string, string>): DataRef {
  return (uri) => {
    const id = dataIds.get(resolve(spec.baseDir, uri));
    if (!id)
      throw new SluiceError("pipeline", `the local data ${uri} was not uploaded`, {
        hint: "deploy the pipeline (sluice deploy) so its data is uploaded first",
      });
    return id;
  };
}

function resolveInputs(spec: RunSpec, w: AzureWorkspace, options: JobBodyOptions, given: Record<string, RestInput>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const values = resolveParams(spec.plan, options.params);
  const local = dataRef(spec, options.dataIds);
  for (const [name, input] of Object.entries(given)) {
    const planned = spec.plan.inputs.find((i) => i.name === name);
    const named = planned?.kind !== "parameter" && planned?.register ? options.dataIds.get(`input:${name}`) : undefined;
    if (named) out[name] = { ...input, uri: named };
    else if (planned?.kind === "local") out[name] = { ...input, uri: local(planned.value) };
    else if (input.jobInputType === "literal") out[name] = { ...input, value: options.params[name] === undefined ? input.value : values.get(name) };
    else if (planned?.kind === "dataset" && !planned.value.endsWith("@latest")) {
      const [, assetName, version] = /^azureml:([^:]+):(.+)$/.exec(planned.value) ?? [];
      out[name] = { ...input, uri: assetName ? w.armId(`data/${assetName}/versions/${version}`) : planned.value };
    } else if (planned?.kind === "dataset") out[name] = { ...input, uri: planned.value };
    else out[name] = { ...input };
  }
  return out;
}

/** A node with its component placeholder and compute name as ARM ids (a compute bound to an input stays a binding). */
export function resolveNode(
  node: Record<string, unknown>,
  w: AzureWorkspace,
  ids: Map<string, string>,
  local?: DataRef,
  assets?: Pick<JobBodyOptions, "codeIds" | "environmentRefs">,
): Record<string, unknown> {
  const copy = structuredClone(node);
  // A parallel node's task (an AutoML node's `task` is its task type, a string).
  if (copy.type === "parallel" && typeof copy.task === "object" && copy.task !== null) copy.task = resolveTask(copy.task as Record<string, unknown>, assets);
  for (const input of Object.values((copy.inputs ?? {}) as Record<string, { job_input_type?: string; uri?: string }>)) {
    if (local && input.job_input_type !== "literal" && typeof input.uri === "string" && isLocalUri(input.uri)) input.uri = local(input.uri);
  }
  // A sweep names its trial's component inside `trial`.
  const holder = (copy.trial ?? copy) as Record<string, unknown>;
  if (typeof holder.componentId === "string") {
    const id = ids.get(holder.componentId);
    if (!id) throw new Error(`no component was deployed for ${holder.componentId}`);
    holder.componentId = id;
  }
  if (typeof copy.computeId === "string" && !copy.computeId.startsWith("/") && !copy.computeId.startsWith("${{"))
    copy.computeId = w.armId(`computes/${copy.computeId}`);
  if (typeof copy.compute === "string" && /^azureml:[^/]/.test(copy.compute)) copy.compute = `azureml:${w.armId(`computes/${copy.compute.slice(8)}`)}`;
  return copy;
}

/**
 * A parallel node's task names its code and environment as the component does (`azureml:` + the
 * code version's ARM id, the environment's reference); without the deployed assets at hand (a
 * pipeline component's nodes) they are left to the component, which holds the same task.
 */
function resolveTask(task: Record<string, unknown>, assets: Pick<JobBodyOptions, "codeIds" | "environmentRefs"> | undefined): Record<string, unknown> {
  const out = { ...task };
  const code = typeof task.code === "string" && task.code.startsWith("sluice:code:") ? assets?.codeIds?.get(task.code.slice(12)) : undefined;
  const env = typeof task.environment === "string" && task.environment.startsWith("sluice:environment:") ? task.environment.slice(19) : undefined;
  if (typeof task.code === "string" && task.code.startsWith("sluice:code:")) out.code = code === undefined ? undefined : `azureml:${code}`;
  if (env !== undefined) out.environment = assets?.environmentRefs ? (assets.environmentRefs.get(env) ?? env) : undefined;
  return out;
}

/**
 * The job's `properties` as Azure receives them: component placeholders swapped for ARM ids,
 * compute and datastore names as ARM ids, parameter overrides and `force_rerun` applied.
 */
export function resolvedJobProperties(spec: RunSpec, w: AzureWorkspace, options: JobBodyOptions): Record<string, unknown> {
  if (spec.plan.pipeline.job !== undefined) return resolvedStandaloneJob(spec, w, options);
  const p = restJobBody(spec.plan).properties as Record<string, unknown> & {
    inputs: Record<string, RestInput>;
    settings: Record<string, unknown>;
    jobs: Record<string, Record<string, unknown>>;
  };
  const settings: Record<string, unknown> = { ...p.settings };
  if (typeof settings.default_compute === "string") settings.default_compute = w.armId(`computes/${settings.default_compute}`);
  if (typeof settings.default_datastore === "string") settings.default_datastore = w.armId(`datastores/${settings.default_datastore}`);
  if (options.force) settings.force_rerun = true;
  return {
    ...structuredClone(p),
    ...(typeof p.computeId === "string" ? { computeId: w.armId(`computes/${p.computeId}`) } : {}),
    inputs: resolveInputs(spec, w, options, p.inputs),
    settings,
    jobs: Object.fromEntries(
      Object.entries(p.jobs).map(([key, node]) => [key, resolveNode(node, w, options.componentIds, dataRef(spec, options.dataIds), options)]),
    ),
  };
}

/** An AutoML job's tables, by its node's port names, as its task details hold them. */
const AUTOML_TABLES = { training_data: "trainingData", validation_data: "validationData", test_data: "testData" } as const;

/** A standalone job's data and literal inputs by the port of its one node: `inputs`, or an AutoML job's tables. */
function standaloneInputs(p: { inputs?: Record<string, RestInput>; taskDetails?: Record<string, unknown> }): [string, RestInput][] {
  const task = p.taskDetails;
  if (!task) return Object.entries(p.inputs ?? {});
  return Object.entries(AUTOML_TABLES).flatMap(([port, key]) => (task[key] ? [[port, task[key] as RestInput] as [string, RestInput]] : []));
}

/**
 * A standalone job's body (a Sweep job, a Command job, an AutoML job) as Azure receives it: its code and
 * environment (a sweep's trial's), the compute, and data inputs as ARM ids; its inputs are its
 * one node's, each read from what the job gives it.
 */
function resolvedStandaloneJob(spec: RunSpec, w: AzureWorkspace, options: JobBodyOptions): Record<string, unknown> {
  const p = structuredClone(restJobBody(spec.plan).properties) as Record<string, unknown> & {
    trial?: { codeId?: string; environmentId: string };
    codeId?: string;
    environmentId: string;
    inputs?: Record<string, RestInput>;
    taskDetails?: Record<string, unknown>;
    computeId?: string;
  };
  const holder = spec.plan.pipeline.job === "sweep" && p.trial ? p.trial : p;
  const placeholder = (text: string | undefined, prefix: string, ids: Map<string, string> | undefined): string | undefined => {
    if (text === undefined || !text.startsWith(prefix)) return text;
    const id = ids?.get(text.slice(prefix.length));
    if (!id) throw new Error(`nothing was deployed for ${text}`);
    return id.replace(/^azureml:(?=\/)/, "");
  };
  holder.codeId = placeholder(holder.codeId, "sluice:code:", options.codeIds);
  const env = placeholder(holder.environmentId, "sluice:environment:", options.environmentRefs) as string;
  // `azureml:name:version` as the ARM id the SDK sends; labels and registry addresses as written.
  const [, envName, envVersion] = /^azureml:([^/:@]+):([^:@]+)$/.exec(env) ?? [];
  holder.environmentId = envName ? w.armId(`environments/${envName}/versions/${envVersion}`) : env;
  if (typeof p.computeId === "string" && !p.computeId.startsWith("/")) p.computeId = w.armId(`computes/${p.computeId}`);
  const node = spec.plan.nodes[0];
  const local = dataRef(spec, options.dataIds);
  for (const [name, input] of standaloneInputs(p)) {
    const b = node?.inputs[name]?.binding;
    const planned = b?.kind === "parent-input" ? spec.plan.inputs.find((i) => i.name === b.name) : undefined;
    if (planned?.kind === "local") input.uri = local(planned.value);
    else if (planned?.kind === "dataset" && !planned.value.endsWith("@latest")) {
      const [, assetName, version] = /^azureml:([^:]+):(.+)$/.exec(planned.value) ?? [];
      if (assetName) input.uri = w.armId(`data/${assetName}/versions/${version}`);
    } else if (b?.kind === "data" && isLocalUri(b.uri)) input.uri = local(b.uri);
    else if (planned?.kind === "parameter" && options.params[planned.name] !== undefined)
      input.value = resolveParams(spec.plan, options.params).get(planned.name);
  }
  return p;
}
