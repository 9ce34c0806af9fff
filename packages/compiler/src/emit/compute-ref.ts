import type { ComputeRef } from "@sluice/dsl/ir";

/**
 * How a node's compute is spelled on the wire. The IR and the plan carry it as a value (a name,
 * or a pipeline parameter), so no pass re-reads `${{…}}` text; only these two spell it.
 */

/** The `${{parent.inputs.<name>}}` binding Azure resolves when the job runs, or the name itself. */
export function computeId(compute: ComputeRef | undefined): string | undefined {
  if (compute === undefined || typeof compute === "string") return compute;
  return `\${{parent.inputs.${compute.name}}}`;
}

/** A compute in CLI YAML: `azureml:<name>`, a binding as written. */
export function computeYaml(compute: ComputeRef | undefined): string | undefined {
  if (compute === undefined) return undefined;
  return typeof compute === "string" ? `azureml:${compute}` : computeId(compute);
}
