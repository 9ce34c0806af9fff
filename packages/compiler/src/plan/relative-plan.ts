import { emittedPath } from "../emit/paths.ts";
import { isLocalUri } from "../lower/bindings.ts";
import type { ExecutionPlan, NodeInput, PlanNode } from "./execution-plan.ts";

function relativeInputs(node: PlanNode, baseDir: string): PlanNode {
  const local = (i: NodeInput) => i.binding.kind === "data" && isLocalUri(i.binding.uri);
  if (!Object.values(node.inputs).some(local)) return node;
  const inputs = Object.fromEntries(
    Object.entries(node.inputs).map(([n, i]) =>
      i.binding.kind === "data" && local(i) ? [n, { ...i, binding: { ...i.binding, uri: emittedPath(baseDir, i.binding.uri) } }] : [n, i],
    ),
  );
  return { ...node, inputs };
}

/**
 * The plan with every local path (code folders, conda files, local data) relative to `baseDir`,
 * `./`-prefixed: how it is written to `<name>.plan.json` and what emitters and runtimes read.
 */
export function relativePlan(plan: ExecutionPlan, baseDir: string): ExecutionPlan {
  return {
    ...plan,
    codeSnapshots: plan.codeSnapshots.map((s) => ({ ...s, path: emittedPath(baseDir, s.path) })),
    environments: plan.environments.map((e) =>
      e.kind === "image" && e.condaFile !== undefined
        ? { ...e, condaFile: emittedPath(baseDir, e.condaFile) }
        : e.kind === "build"
          ? { ...e, context: emittedPath(baseDir, e.context) }
          : e,
    ),
    inputs: plan.inputs.map((i) => (i.kind === "local" ? { ...i, value: emittedPath(baseDir, i.value) } : i)),
    nodes: plan.nodes.map((n) => relativeInputs(n, baseDir)),
    ...(plan.pipelineComponents
      ? { pipelineComponents: plan.pipelineComponents.map((c) => ({ ...c, nodes: c.nodes.map((n) => relativeInputs(n, baseDir)) })) }
      : {}),
  };
}
