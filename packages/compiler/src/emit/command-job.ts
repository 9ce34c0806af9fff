import type { CommandNode, ExecutionPlan } from "../plan/execution-plan.ts";
import { REST_MODE } from "../plan/data-modes.ts";
import { jobSettings } from "../plan/job-settings.ts";
import { codePlaceholder, environmentPlaceholder, jobInput, jobOutputs } from "./sweep-job.ts";

/** The job's one node: a standalone command job is compiled as a pipeline holding just it. */
export function commandJobNode(plan: ExecutionPlan): CommandNode {
  const node = plan.nodes[0];
  if (plan.nodes.length !== 1 || node?.kind !== "command") throw new Error("a command job compiles to exactly one command node");
  return node;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelKeys = (o: Record<string, unknown> | undefined) => o && Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));

/** The body of `PUT …/jobs/{name}` for a standalone command job (jobType Command), as the SDK sends it. */
export function commandJobBody(plan: ExecutionPlan): { properties: Record<string, unknown> } {
  const node = commandJobNode(plan);
  const c = plan.components.find((x) => x.id === node.component);
  if (!c) throw new Error(`command job component ${node.component} is missing from the plan`);
  const p = plan.pipeline;
  const settings = jobSettings(node, true) as Record<string, Record<string, unknown> | undefined>;
  const resources = camelKeys(settings.resources);
  return {
    properties: {
      codeId: c.code === undefined ? undefined : codePlaceholder(c.code),
      command: c.command,
      computeId: node.compute ?? p.defaultCompute,
      description: p.description,
      displayName: p.displayName ?? p.name,
      distribution: camelKeys(settings.distribution),
      environmentId: environmentPlaceholder(c.environment),
      environmentVariables: node.environmentVariables ?? {},
      experimentName: p.experiment,
      inputs: Object.fromEntries(Object.entries(node.inputs).map(([n, i]) => [n, jobInput(plan, i)])),
      isArchived: false,
      jobType: "Command",
      limits: camelKeys(settings.limits),
      outputs: Object.fromEntries(
        jobOutputs(plan).map(([n, o]) => [n, { jobOutputType: o.type, mode: o.mode === undefined ? undefined : REST_MODE[o.mode], uri: o.path }]),
      ),
      properties: {},
      // The SDK sends resources with an empty property bag.
      resources: resources && { ...resources, properties: {} },
      tags: p.tags,
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
  const p = plan.pipeline;
  const compute = node.compute ?? p.defaultCompute;
  return {
    $schema: "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
    type: "command",
    display_name: p.displayName ?? p.name,
    experiment_name: p.experiment,
    description: p.description,
    tags: Object.keys(p.tags).length === 0 ? undefined : p.tags,
    compute: compute === undefined ? undefined : `azureml:${compute}`,
    code: job.code,
    command: c?.command,
    environment: job.environment,
    inputs: Object.keys(inputs).length === 0 ? undefined : inputs,
    outputs: Object.fromEntries(jobOutputs(plan).map(([n, o]) => [n, { type: o.type, mode: o.mode, path: o.path }])),
    ...jobSettings(node, false),
  };
}
