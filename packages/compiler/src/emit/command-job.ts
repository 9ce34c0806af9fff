import type { CommandNode, ExecutionPlan } from "../plan/execution-plan.ts";
import { jobSettings } from "../plan/job-settings.ts";
import { codePlaceholder, environmentPlaceholder, jobInput, restJobHeader, yamlJobHeader } from "./standalone-job.ts";

/** The job's one node: a standalone command job is compiled as a pipeline holding just it. */
export function commandJobNode(plan: ExecutionPlan): CommandNode {
  const node = plan.nodes[0];
  if (plan.nodes.length !== 1 || node?.kind !== "command") throw new Error("a command job compiles to exactly one command node");
  return node;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelKeys = (o: Record<string, unknown> | undefined) => o && Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
/** Keys camelCased at every level but inside `properties`, which are the service's own names. */
const camelDeep = (o: unknown): unknown =>
  o !== null && typeof o === "object" && !Array.isArray(o)
    ? Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), k === "properties" ? v : camelDeep(v)]))
    : o;

/** The body of `PUT …/jobs/{name}` for a standalone command job (jobType Command), as the SDK sends it. */
export function commandJobBody(plan: ExecutionPlan): { properties: Record<string, unknown> } {
  const node = commandJobNode(plan);
  const c = plan.components.find((x) => x.id === node.component);
  if (!c) throw new Error(`command job component ${node.component} is missing from the plan`);
  const settings = jobSettings(node, true) as Record<string, Record<string, unknown> | undefined>;
  const resources = camelKeys(settings.resources);
  return {
    properties: {
      ...restJobHeader(plan, node),
      codeId: c.code === undefined ? undefined : codePlaceholder(c.code),
      command: c.command,
      distribution: camelKeys(settings.distribution),
      environmentId: environmentPlaceholder(c.environment),
      environmentVariables: node.environmentVariables ?? {},
      inputs: Object.fromEntries(Object.entries(node.inputs).map(([n, i]) => [n, jobInput(plan, i)])),
      jobType: "Command",
      limits: camelKeys(settings.limits),
      // The SDK sends resources with an empty property bag.
      resources: resources && { ...resources, properties: {} },
      // The REST model's camelCase: `jobServiceType`, `nodes.nodesValueType`.
      services: settings.services && Object.fromEntries(Object.entries(settings.services).map(([n, s]) => [n, camelDeep(s)])),
    },
  };
}

/** The CLI v2 YAML of a standalone command job (`type: command`), paths relative to the YAML's folder. */
export function commandJobYaml(
  plan: ExecutionPlan,
  job: { code?: string | undefined; environment: unknown },
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const node = commandJobNode(plan);
  const c = plan.components.find((x) => x.id === node.component);
  return {
    ...yamlJobHeader(plan, node, "commandJob", "command"),
    code: job.code,
    command: c?.command,
    environment: job.environment,
    inputs: Object.keys(inputs).length === 0 ? undefined : inputs,
    ...jobSettings(node, false),
  };
}
