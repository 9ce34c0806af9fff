import { componentBody, contentVersion, pipelineComponentSpec, type ExecutionPlan, type PipelineComponentSpec } from "@sluice/compiler";
import type { AzureWorkspace } from "../arm-client.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { AssetChange, PinnedReference } from "./deploy-types.ts";
import { resolveNode } from "./job-body.ts";

type Component = ExecutionPlan["components"][number];
const ANONYMOUS = "azureml_anonymous";

export interface ComponentPlan {
  kind: "command" | "pipeline";
  component: Pick<Component, "name" | "named" | "placeholder" | "reference">;
  version: string;
  armId: string;
  body: { properties: Record<string, unknown> };
  registered: boolean;
  /** A `@latest` reference resolved to a version at deploy time. */
  pinned?: PinnedReference;
}

/** The componentSpec Azure stores (YAML-schema keys, as the SDK sends them). */
function componentSpec(c: Component, code: string | undefined, environment: string): Record<string, unknown> {
  return { ...componentBody(c, code === undefined ? undefined : `azureml:${code}`, environment), display_name: c.displayName ?? c.name, _source: "BUILDER" };
}

/**
 * The version is the hash of the spec *with* resolved code and environment ids, so the same
 * content always gets the same `componentId` — which is what Azure's step reuse keys on.
 */
/** The newest version of a workspace component (what `@latest` means when the job is submitted). */
async function newestVersion(w: AzureWorkspace, name: string): Promise<string | undefined> {
  const versions = w.client.componentVersions.list(w.rg, w.ws, name, { orderBy: "createdtime desc", top: 1 });
  return w.call(`list versions of component ${name}`, async () => {
    for await (const v of versions) return v.name;
    return undefined;
  });
}

type RegisteredSpec = { inputs?: Record<string, { type?: string }>; outputs?: Record<string, { type?: string }> };
const VALUE_TYPES = new Set(["string", "integer", "number", "boolean", "enum"]);
const kindOfType = (type: string | undefined) => (type === undefined ? undefined : VALUE_TYPES.has(type.toLowerCase()) ? "a value" : "data");

/**
 * Where the ports a pipeline declares for a registered component (written by hand, or inferred by
 * `sluice import` from how the pipeline uses it) are not the registered component's: a port it
 * lacks, or a value where it takes data (or the reverse). Finer type differences are left to
 * Azure, which converts between them (an integer given to a number input).
 */
export function interfaceProblems(c: Pick<Component, "inputs" | "outputs">, spec: RegisteredSpec | undefined): string[] {
  if (spec === undefined) return [];
  const problems: string[] = [];
  for (const [side, declared, registered] of [
    ["input", c.inputs, spec.inputs ?? {}],
    ["output", c.outputs, spec.outputs ?? {}],
  ] as const) {
    for (const [port, d] of Object.entries(declared as Record<string, { type: string }>)) {
      const r = registered[port];
      if (r === undefined)
        problems.push(
          `it has no ${side} '${port}'${Object.keys(registered).length > 0 ? ` (its ${side}s: ${Object.keys(registered).sort().join(", ")})` : ""}`,
        );
      else if (kindOfType(r.type) !== undefined && kindOfType(r.type) !== kindOfType(d.type))
        problems.push(`its ${side} '${port}' is ${r.type}, ${kindOfType(r.type)}, but is declared ${d.type} here`);
    }
  }
  return problems;
}

/**
 * A component that already exists: a registry one is named by its URI; a workspace one must
 * exist, and `@latest` is pinned to its newest version at deploy time (printed in the plan).
 */
async function planReference(w: AzureWorkspace, c: Component, reference: string): Promise<ComponentPlan> {
  const base = { kind: "command" as const, component: c, body: { properties: {} }, registered: true };
  if (reference.startsWith("azureml://registries/")) return { ...base, version: c.version, armId: reference };
  // No version or label: the newest version, as `@latest`.
  const [, name, sep = "@", tag = "latest"] = /^azureml:([^:@]+)(?:([:@])(.+))?$/.exec(reference) ?? [];
  if (!name || !tag) throw new SluiceError("pipeline", `component reference ${reference} is not azureml:<name>:<version> or azureml:<name>@latest`);
  if (sep === "@" && tag !== "latest")
    throw new SluiceError("pipeline", `component ${reference}: only the label 'latest' can be resolved`, {
      hint: "give a version (azureml:<name>:<version>) or @latest",
    });
  const version = sep === "@" ? await newestVersion(w, name) : tag;
  const found = version && (await w.tryGet(`read component ${name}`, () => w.client.componentVersions.get(w.rg, w.ws, name, version)));
  if (!version || !found)
    throw new SluiceError("pipeline", `component ${reference} does not exist in workspace ${w.ws}`, {
      hint: "register it first (az ml component create, or a named component({ name, version }) deployed by sluice)",
    });
  const problems = interfaceProblems(c, (found as { properties?: { componentSpec?: RegisteredSpec } }).properties?.componentSpec);
  if (problems.length > 0)
    throw new SluiceError(
      "pipeline",
      `component ${reference} (version ${version} in workspace ${w.ws}) differs from what this pipeline declares: ${problems.join("; ")}`,
      {
        hint: `make registeredComponent("${reference}", { inputs, outputs }) say what the component has (az ml component show -n ${name} -v ${version}), or name the version that has these ports`,
      },
    );
  const pinned = sep === "@" ? { what: `component ${name}`, from: "latest", to: version } : undefined;
  return { ...base, version, armId: w.armId(`components/${name}/versions/${version}`), ...(pinned ? { pinned } : {}) };
}

export async function planComponent(w: AzureWorkspace, c: Component, codeId: string | undefined, environment: string): Promise<ComponentPlan> {
  if (c.reference !== undefined) return planReference(w, c, c.reference);
  const spec = componentSpec(c, codeId, environment);
  // A named component keeps its author's name and version (Azure refuses to change a version).
  const name = c.named ? c.name : ANONYMOUS;
  const version = c.named ? c.version : contentVersion({ ...spec, name: undefined });
  const found = await w.tryGet(`read component ${c.name}`, () => w.client.componentVersions.get(w.rg, w.ws, name, version));
  const body = { properties: { isAnonymous: !c.named, isArchived: false, properties: {}, tags: {}, componentSpec: { ...spec, version } } };
  return { kind: "command", component: c, version, armId: w.armId(`components/${name}/versions/${version}`), body, registered: found !== undefined };
}

export async function applyComponent(w: AzureWorkspace, plan: ComponentPlan): Promise<AssetChange> {
  if (!plan.registered) {
    await w.call(`create component ${plan.component.name}`, () =>
      w.client.componentVersions.createOrUpdate(w.rg, w.ws, plan.component.named ? plan.component.name : ANONYMOUS, plan.version, plan.body as never),
    );
  }
  return describeComponent(plan);
}

export function describeComponent(plan: ComponentPlan): AssetChange {
  if (plan.component.reference !== undefined)
    return { kind: "component", name: plan.component.name, version: plan.version, action: "unchanged", detail: ["registered already"] };
  return { kind: "component", name: plan.component.name, version: plan.version, action: plan.registered ? "unchanged" : "create" };
}

/**
 * A pipeline component version: its jobs name the ARM ids of the components they run (inner
 * pipeline components are planned first), and an anonymous one is versioned by that content,
 * so an unchanged sub-pipeline keeps its id and Azure's reuse.
 */
export async function planPipelineComponent(
  w: AzureWorkspace,
  c: PipelineComponentSpec,
  componentIds: Map<string, string>,
  local: (uri: string) => string,
): Promise<ComponentPlan> {
  const { jobs, ...rest } = pipelineComponentSpec(c) as { jobs: Record<string, Record<string, unknown>> };
  const spec = { ...rest, jobs: Object.fromEntries(Object.entries(jobs).map(([k, node]) => [k, resolveNode(node, w, componentIds, local)])) };
  const name = c.named ? c.name : ANONYMOUS;
  const version = c.named ? c.version : contentVersion({ ...JSON.parse(JSON.stringify(spec)), name: undefined });
  const found = await w.tryGet(`read component ${c.name}`, () => w.client.componentVersions.get(w.rg, w.ws, name, version));
  const body = {
    properties: { description: c.description, isAnonymous: !c.named, isArchived: false, properties: {}, tags: {}, componentSpec: { ...spec, version } },
  };
  return { kind: "pipeline", component: c, version, armId: w.armId(`components/${name}/versions/${version}`), body, registered: found !== undefined };
}
