import type { ComponentSpec } from "./execution-plan.ts";
import { distributionFields, resourcesFields } from "./job-settings.ts";

/**
 * A command component in Azure's YAML-schema keys, the one mapping both consumers use: the CLI
 * YAML inlines it under a node's `component`, and the Azure deployer sends it as the
 * `componentSpec` of a component version (with code and environment resolved to ARM ids).
 */
export function componentBody(c: ComponentSpec, code: string | undefined, environment: unknown): Record<string, unknown> {
  return {
    type: "command",
    name: c.name,
    version: c.named ? c.version : undefined,
    display_name: c.displayName,
    description: c.description,
    code,
    environment,
    command: c.command,
    inputs: c.inputs,
    outputs: c.outputs,
    resources: resourcesFields(c.resources),
    distribution: distributionFields(c.distribution, false),
    tags: c.tags,
    is_deterministic: c.isDeterministic,
  };
}
