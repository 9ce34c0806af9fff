import type { SparkConfIR, SparkStepIR } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { checkCommand, checkComponentInterface } from "./command-checks.ts";

/** Serverless Spark's machine sizes (Azure ML's list, compared ignoring case). */
export const SPARK_INSTANCE_TYPES = ["standard_e4s_v3", "standard_e8s_v3", "standard_e16s_v3", "standard_e32s_v3", "standard_e64s_v3"] as const;
const REQUIRED = ["spark.driver.cores", "spark.driver.memory", "spark.executor.cores", "spark.executor.memory"] as const;
const MEMORY = /^\d+[kKmMgGtTpP]$/;
const WHOLE = [
  "spark.driver.cores",
  "spark.executor.cores",
  "spark.executor.instances",
  "spark.dynamicAllocation.minExecutors",
  "spark.dynamicAllocation.maxExecutors",
];

/** What Azure ML refuses in a Spark configuration: the SDK's own rules, so the mistake shows before submission. */
export function confProblems(conf: SparkConfIR | undefined): string[] {
  const c = conf ?? {};
  const problems: string[] = [];
  const dynamic = [true, "true", "True"].includes(c["spark.dynamicAllocation.enabled"] as never);
  const needed = dynamic ? REQUIRED : [...REQUIRED, "spark.executor.instances"];
  const missing = needed.filter((k) => c[k] === undefined);
  if (missing.length) problems.push(`its configuration lacks ${missing.join(", ")}`);
  for (const k of ["spark.driver.memory", "spark.executor.memory"])
    if (c[k] !== undefined && !MEMORY.test(String(c[k]))) problems.push(`${k} must be a size like "2g" or "512m", got ${JSON.stringify(c[k])}`);
  for (const k of WHOLE)
    if (c[k] !== undefined && !(Number.isInteger(Number(c[k])) && Number(c[k]) >= 0)) problems.push(`${k} must be a whole number, got ${JSON.stringify(c[k])}`);
  const min = c["spark.dynamicAllocation.minExecutors"];
  const max = c["spark.dynamicAllocation.maxExecutors"];
  const instances = c["spark.executor.instances"];
  if (!dynamic && (min !== undefined || max !== undefined)) problems.push("it sets min or max executors without spark.dynamicAllocation.enabled");
  if (dynamic && (min === undefined || max === undefined)) problems.push("dynamic allocation needs spark.dynamicAllocation.minExecutors and maxExecutors");
  if (dynamic && min !== undefined && max !== undefined && !(Number(min) > 0 && Number(min) <= Number(max)))
    problems.push(`dynamic allocation needs 0 < minExecutors ≤ maxExecutors, got ${min} and ${max}`);
  if (dynamic && instances !== undefined && min !== undefined && max !== undefined && (Number(instances) < Number(min) || Number(instances) > Number(max)))
    problems.push(`spark.executor.instances (${instances}) must lie between minExecutors and maxExecutors`);
  return problems;
}

/** Where the step runs: an attached pool or serverless Spark, exactly one, on a machine size serverless Spark has. */
function placementProblems(ctx: CompileContext, step: SparkStepIR): string[] {
  // A standalone Spark job's compute is the job's (the pipeline default holding its one step).
  const compute = step.compute ?? (ctx.ir.job === "spark" ? ctx.ir.defaultCompute : undefined);
  const r = step.resources;
  // A local run ignores where the step would run on Azure (as SL113 does).
  if (compute === undefined && r === undefined)
    return ctx.target === "local" ? [] : ["runs on neither an attached Spark pool (compute) nor serverless Spark (resources)"];
  if (compute !== undefined && r !== undefined) return ["gives both an attached Spark pool (compute) and serverless resources; Azure takes one"];
  if (r === undefined) return [];
  const problems: string[] = [];
  if (!(SPARK_INSTANCE_TYPES as readonly string[]).includes(r.instanceType.toLowerCase()))
    problems.push(`serverless instance type '${r.instanceType}' is not one of ${SPARK_INSTANCE_TYPES.join(", ")}`);
  if (r.runtimeVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(r.runtimeVersion))
    problems.push(`runtime version '${r.runtimeVersion}' is not a Spark runtime version like "3.4"`);
  return problems;
}

/** Spark reads and writes data where it lies: data given at the step and outputs declared there say `mode: direct`. */
function modeProblems(step: SparkStepIR): string[] {
  const problems: string[] = [];
  for (const [name, ref] of Object.entries(step.inputs))
    if (ref.type === "uri" && ref.mode !== "direct") problems.push(`input '${name}' is read ${ref.mode ?? "as a mount"}, not directly`);
  for (const [name, o] of Object.entries(step.outputs))
    if (o.declared && o.mode !== "direct") problems.push(`output '${name}' is written ${o.mode ?? "as a mount"}, not directly`);
  return problems;
}

const HINTS: Array<[RegExp, string]> = [
  [
    /configuration/,
    "give spark.driver.cores, spark.driver.memory, spark.executor.cores, spark.executor.memory and spark.executor.instances (or enable dynamic allocation with min and max executors)",
  ],
  [/pool|serverless/, 'give compute: "<attached Spark pool>" or resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.4" }'],
  [/directly/, 'give the data and declared outputs mode: "direct"'],
];

/** Everything Azure ML would refuse about a Spark step, each as one located SL160. */
export function checkSparkStep(ctx: CompileContext, step: SparkStepIR): void {
  checkComponentInterface(ctx, step);
  const c = step.component;
  if (c.args !== undefined) checkCommand(ctx, step, c.args, "args");
  const problems = [...placementProblems(ctx, step), ...confProblems(step.conf ?? c.conf), ...modeProblems(step)];
  for (const p of problems) {
    const hint = HINTS.find(([re]) => re.test(p))?.[1] ?? "fix the Spark settings";
    ctx.diagnostics.report("SL160", ctx.at(step), `Spark step '${step.name}': ${p}`, hint);
  }
}
