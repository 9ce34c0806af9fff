import { bindingText } from "../lower/bindings.ts";
import { type ExecutionPlan, jobDisplayName, type NodeInput, type PlanNode } from "../plan/execution-plan.ts";
import { REST_MODE } from "../plan/data-modes.ts";
import { computeId, computeYaml } from "./compute-ref.ts";

/** What a standalone job names before deploy swaps in ARM ids: its code and environment. */
export const codePlaceholder = (id: string) => `sluice:code:${id}`;
export const environmentPlaceholder = (id: string) => `sluice:environment:${id}`;

/** A registered asset as a job names it: `name@latest` / `name:version`, without `azureml:`, as the SDK sends it. */
const assetUri = (uri: string) => (/^azureml:[^/]/.test(uri) ? uri.slice("azureml:".length) : uri);

/** A standalone job's input: the pipeline input it reads, a literal, or data given to it. */
export function jobInput(plan: ExecutionPlan, i: NodeInput): Record<string, unknown> {
  const b = i.binding;
  if (b.kind === "parent-input") {
    const input = plan.inputs.find((x) => x.name === b.name);
    if (input?.kind === "parameter") return { jobInputType: "literal", value: input.value };
    const mode = input?.mode === undefined ? undefined : REST_MODE[input.mode];
    return { jobInputType: i.type, uri: assetUri(input?.value ?? ""), mode };
  }
  if (b.kind === "data") return { jobInputType: i.type, uri: assetUri(b.uri), mode: b.mode === undefined ? undefined : REST_MODE[b.mode] };
  return { jobInputType: "literal", value: bindingText(b) };
}

/** A standalone job's outputs (metrics are read from run history, not sent). */
function jobOutputs(plan: ExecutionPlan) {
  return Object.entries(plan.outputs).filter(([, o]) => o.type !== "automl_metrics");
}

/**
 * What every standalone job's REST body says of itself, as the SDK sends it: compute (none:
 * serverless), texts, tags, its outputs, and the fields the SDK always sends.
 */
export function restJobHeader(plan: ExecutionPlan, node: PlanNode): Record<string, unknown> {
  const p = plan.pipeline;
  return {
    computeId: computeId(node.compute) ?? p.defaultCompute,
    description: p.description,
    displayName: jobDisplayName(p),
    experimentName: p.experiment,
    isArchived: false,
    outputs: Object.fromEntries(
      jobOutputs(plan).map(([n, o]) => [n, { jobOutputType: o.type, mode: o.mode === undefined ? undefined : REST_MODE[o.mode], uri: o.path }]),
    ),
    properties: {},
    tags: p.tags,
  };
}

/** The same for a standalone job's CLI v2 YAML (`schema` names its `$schema` file). */
export function yamlJobHeader(plan: ExecutionPlan, node: PlanNode, schema: string, type: string): Record<string, unknown> {
  const p = plan.pipeline;
  const compute = computeYaml(node.compute ?? p.defaultCompute);
  return {
    $schema: `https://azuremlschemas.azureedge.net/latest/${schema}.schema.json`,
    type,
    display_name: jobDisplayName(p),
    experiment_name: p.experiment,
    description: p.description,
    tags: Object.keys(p.tags).length === 0 ? undefined : p.tags,
    compute,
    outputs: Object.fromEntries(jobOutputs(plan).map(([n, o]) => [n, { type: o.type, mode: o.mode, path: o.path }])),
  };
}
