import { resolve } from "node:path";
import type { SparkStepIR } from "@sluice/dsl/ir";
import { bindAll, dirOf, nodeBase } from "../lower/command-node.ts";
import type { LowerContext } from "../lower/lower-context.ts";
import { nodeKey } from "../names/azure-names.ts";
import type { ComponentSpec, SparkNode, SparkParts } from "../plan/execution-plan.ts";
import { componentOutputs, componentReads, componentWrites, referenceVersion } from "./command-kind.ts";
import { checkSparkStep } from "./spark-checks.ts";
import type { StepKind } from "./step-kind.ts";

/** The Spark parts of the component as the plan keeps them (only those its author gave). */
function sparkParts(c: SparkStepIR["component"], conf = c.conf): SparkParts {
  const parts: SparkParts = { entry: { ...c.entry } };
  for (const key of ["args", "pyFiles", "jars", "files", "archives"] as const) if (c[key] !== undefined) Object.assign(parts, { [key]: c[key] });
  if (conf !== undefined) parts.conf = { ...conf };
  return parts;
}

/** The Spark component as a plan component: its code snapshot and, if it names one, its environment. */
function sparkSpec(ctx: LowerContext, step: SparkStepIR): { spec: Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy">; sha?: string } {
  const c = step.component;
  const own = c.reference === undefined;
  const snapshot = own && c.code !== undefined ? ctx.assets.snapshot(resolve(dirOf(c.definedAt.file), c.code), false) : undefined;
  const env = own && c.environment !== undefined ? ctx.assets.environment(c.environment, () => dirOf(c.definedAt.file)).id : "";
  const spec: Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy"> = {
    name: c.name,
    named: c.version !== undefined || !own,
    command: "",
    environment: env,
    inputs: c.inputs,
    outputs: c.outputs,
    isDeterministic: c.isDeterministic ?? true,
    mltableOutputs: [],
    spark: sparkParts(c),
  };
  if (c.reference !== undefined) spec.reference = c.reference;
  if (snapshot) spec.code = snapshot.id;
  for (const key of ["displayName", "description", "tags"] as const) if (c[key] !== undefined) Object.assign(spec, { [key]: c[key] });
  return snapshot ? { spec, sha: snapshot.sha256 } : { spec };
}

function lowerSpark(ctx: LowerContext, step: SparkStepIR): SparkNode {
  const deps = new Set<string>();
  const inputs = bindAll(ctx, step.inputs, deps);
  const { spec, sha } = sparkSpec(ctx, step);
  const given = step.component.reference !== undefined ? referenceVersion(step.component.reference) : step.component.version;
  const component = ctx.assets.component(spec, sha, nodeKey(step.name), given);
  const node: SparkNode = {
    kind: "spark",
    ...nodeBase(step, deps),
    component: component.id,
    inputs,
    outputs: componentOutputs(ctx, step.outputs),
    // The node carries what Spark runs, with the step's configuration if it has its own, as the SDK sends it.
    spark: sparkParts(step.component, step.conf ?? step.component.conf),
  };
  if (step.displayName !== undefined) node.displayName = step.displayName;
  if (step.resources !== undefined) node.resources = { ...step.resources };
  if (step.identity !== undefined) node.identity = step.identity;
  return node;
}

/** A run of a Spark component: a `spark` node on Azure; locally, a PySpark entry run by the project's Python. */
export const SPARK_KIND: StepKind<SparkStepIR> = {
  reads: componentReads,
  writes: componentWrites,
  code: (s) => {
    const c = s.component;
    if (c.code === undefined || c.reference !== undefined) return undefined;
    const script = "file" in c.entry ? { script: c.entry.file } : {};
    return { dir: resolve(dirOf(c.definedAt.file), c.code), written: c.code, builtin: false, ...script };
  },
  environment: (s) => (s.component.reference === undefined ? s.component.environment : undefined),
  check: checkSparkStep,
  checksPlacement: true,
  lower: lowerSpark,
};
