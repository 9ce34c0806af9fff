import type { SparkConfIR, SparkEntryIR, SparkIdentityIR, SparkResourcesIR } from "@sluice/dsl/ir";
import type { SparkNode } from "./execution-plan.ts";

/** Keys in the REST bodies: a pipeline node is snake_case JSON, a standalone job the REST model's camelCase. */
export type SparkStyle = "node" | "job";

const ENTRY_TYPE = { file: "SparkJobPythonEntry", className: "SparkJobScalaEntry" } as const;
const IDENTITY_TYPE: Record<SparkIdentityIR, string> = { managed: "Managed", user_identity: "UserIdentity", aml_token: "AMLToken" };

/**
 * The configuration Azure receives: the executors started default to the minimum when dynamic
 * allocation is on (as the SDK fills them in). A standalone job's `conf` is a string map in the
 * REST model, so its values are sent as text (Python's spelling of booleans, as the SDK sends them).
 */
export function sparkConf(conf: SparkConfIR | undefined, style: SparkStyle): Record<string, unknown> | undefined {
  if (conf === undefined) return undefined;
  const out: Record<string, string | number | boolean> = { ...conf };
  const dynamic = [true, "true", "True"].includes(out["spark.dynamicAllocation.enabled"] as never);
  const min = out["spark.dynamicAllocation.minExecutors"];
  if (dynamic && out["spark.executor.instances"] === undefined && min !== undefined) out["spark.executor.instances"] = min;
  if (style === "node") return out;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "True" : "False") : String(v)]));
}

/** The entry as REST names it, with its entry type. */
export function sparkEntry(entry: SparkEntryIR, style: SparkStyle): Record<string, string> {
  const typeKey = style === "node" ? "spark_job_entry_type" : "sparkJobEntryType";
  if ("file" in entry) return { file: entry.file, [typeKey]: ENTRY_TYPE.file };
  return { [style === "node" ? "class_name" : "className"]: entry.className, [typeKey]: ENTRY_TYPE.className };
}

/**
 * Whose identity the job uses. Unset, Azure ML's default is sent as the SDK sends it: the pool's
 * managed identity on an attached pool, the user's on serverless Spark.
 */
export function sparkIdentity(
  identity: SparkIdentityIR | undefined,
  onPool: boolean,
  serverless: boolean,
  style: SparkStyle,
): Record<string, string> | undefined {
  const chosen = identity ?? (onPool ? "managed" : serverless ? "user_identity" : undefined);
  if (chosen === undefined) return undefined;
  return { [style === "node" ? "identity_type" : "identityType"]: IDENTITY_TYPE[chosen] };
}

/** Serverless Spark's machines in REST keys. */
export function sparkResources(resources: SparkResourcesIR | undefined, style: SparkStyle): Record<string, string | undefined> | undefined {
  if (resources === undefined) return undefined;
  return style === "node"
    ? { instance_type: resources.instanceType, runtime_version: resources.runtimeVersion }
    : { instanceType: resources.instanceType, runtimeVersion: resources.runtimeVersion };
}

/** The Spark fields of a node or job body (entry, args, files, configuration, identity, machines). */
export function sparkFields(node: SparkNode, compute: string | undefined, style: SparkStyle): Record<string, unknown> {
  const s = node.spark;
  const snake = style === "node";
  return {
    args: s.args,
    conf: sparkConf(s.conf, style),
    entry: sparkEntry(s.entry, style),
    identity: sparkIdentity(node.identity, compute !== undefined, node.resources !== undefined, style),
    resources: sparkResources(node.resources, style),
    [snake ? "py_files" : "pyFiles"]: s.pyFiles,
    jars: s.jars,
    files: s.files,
    archives: s.archives,
  };
}
