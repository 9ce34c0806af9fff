import { componentBody, contentVersion, pipelineComponentSpec, type ExecutionPlan, type PipelineComponentSpec } from "@sluice/compiler";
import type { AzureWorkspace } from "../arm-client.ts";
import type { AssetChange } from "./deploy-types.ts";
import { resolveNode } from "./job-body.ts";

type Component = ExecutionPlan["components"][number];
const ANONYMOUS = "azureml_anonymous";

export interface ComponentPlan {
  kind: "command" | "pipeline";
  component: Pick<Component, "name" | "named" | "placeholder">;
  version: string;
  armId: string;
  body: { properties: Record<string, unknown> };
  registered: boolean;
}

/** The componentSpec Azure stores (YAML-schema keys, as the SDK sends them). */
function componentSpec(c: Component, code: string | undefined, environment: string): Record<string, unknown> {
  return { ...componentBody(c, code === undefined ? undefined : `azureml:${code}`, environment), display_name: c.displayName ?? c.name, _source: "BUILDER" };
}

/**
 * The version is the hash of the spec *with* resolved code and environment ids, so the same
 * content always gets the same `componentId` — which is what Azure's step reuse keys on.
 */
export async function planComponent(w: AzureWorkspace, c: Component, codeId: string | undefined, environment: string): Promise<ComponentPlan> {
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
