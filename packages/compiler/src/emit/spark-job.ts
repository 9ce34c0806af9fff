import type { ExecutionPlan, SparkNode } from "../plan/execution-plan.ts";
import { sparkFields } from "../plan/spark-fields.ts";
import { codePlaceholder, environmentPlaceholder, jobInput, restJobHeader, yamlJobHeader } from "./standalone-job.ts";
import { computeId } from "./compute-ref.ts";

/** The job's one node: a standalone Spark job is compiled as a pipeline holding just it. */
export function sparkJobNode(plan: ExecutionPlan): SparkNode {
  const node = plan.nodes[0];
  if (plan.nodes.length !== 1 || node?.kind !== "spark") throw new Error("a Spark job compiles to exactly one spark node");
  return node;
}

/**
 * The body of `PUT …/jobs/{name}` for a standalone Spark job (jobType Spark), as the SDK sends
 * it: the REST model's camelCase, a string-valued `conf`, and no display name or property bag
 * unless given (the SDK's Spark job sends neither by default).
 */
export function sparkJobBody(plan: ExecutionPlan): { properties: Record<string, unknown> } {
  const node = sparkJobNode(plan);
  const c = plan.components.find((x) => x.id === node.component);
  if (!c) throw new Error(`Spark job component ${node.component} is missing from the plan`);
  const { properties: _p, displayName: _d, ...header } = restJobHeader(plan, node);
  return {
    properties: {
      ...header,
      displayName: plan.pipeline.displayName ?? undefined,
      codeId: c.code === undefined ? undefined : codePlaceholder(c.code),
      environmentId: c.environment === "" ? undefined : environmentPlaceholder(c.environment),
      inputs: Object.fromEntries(Object.entries(node.inputs).map(([n, i]) => [n, jobInput(plan, i)])),
      jobType: "Spark",
      ...sparkFields(node, computeId(node.compute) ?? plan.pipeline.defaultCompute, "job"),
    },
  };
}

/** The CLI v2 YAML of a standalone Spark job (`type: spark`), paths relative to the YAML's folder. */
export function sparkJobYaml(
  plan: ExecutionPlan,
  job: { code?: string | undefined; environment: unknown },
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const node = sparkJobNode(plan);
  const s = node.spark;
  return {
    ...yamlJobHeader(plan, node, "sparkJob", "spark"),
    code: job.code,
    environment: job.environment === "" ? undefined : job.environment,
    entry: "file" in s.entry ? { file: s.entry.file } : { class_name: s.entry.className },
    args: s.args,
    py_files: s.pyFiles,
    jars: s.jars,
    files: s.files,
    archives: s.archives,
    conf: s.conf,
    inputs: Object.keys(inputs).length === 0 ? undefined : inputs,
    resources: node.resources && { instance_type: node.resources.instanceType, runtime_version: node.resources.runtimeVersion },
    identity: node.identity && { type: node.identity },
  };
}
