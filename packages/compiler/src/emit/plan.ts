import { stableStringify } from "../hash/content-version.ts";
import type { CompiledPipeline } from "../lower/model.ts";
import { componentPlaceholder } from "./rest-json.ts";
import { emittedPath } from "./paths.ts";

export const PLAN_VERSION = 1;

/**
 * What deploying the pipeline needs, content-addressed: code snapshots (with per-file digests,
 * so a runtime can say which file changed), environments, components and the node graph.
 */
export function emitPlan(model: CompiledPipeline, baseDir: string): Record<string, unknown> {
  const usedBy = new Map<string, string[]>();
  for (const node of model.nodes) {
    if (node.kind === "command") usedBy.set(node.component, [...(usedBy.get(node.component) ?? []), node.key]);
  }
  return {
    planVersion: PLAN_VERSION,
    pipeline: model.ir.name,
    experiment: model.ir.experiment,
    continueOnStepFailure: model.ir.continueOnStepFailure,
    codeSnapshots: model.snapshots.map((s) => ({
      id: s.id,
      path: emittedPath(baseDir, s.dir),
      builtin: s.builtin,
      sha256: s.sha256,
      bytes: s.bytes,
      ignoreFile: s.ignoreFile ?? null,
      files: s.files,
    })),
    environments: model.environments.map((e) => (e.kind === "registered" ? e : { ...e, condaFile: e.condaFile === undefined ? undefined : emittedPath(baseDir, e.condaFile) })),
    components: model.components.map((c) => ({ ...c, placeholder: componentPlaceholder(c.id), usedBy: usedBy.get(c.id) ?? [] })),
    nodes: model.nodes.map((n) => ({
      key: n.key,
      step: n.stepName,
      kind: n.kind,
      component: n.kind === "command" ? n.component : undefined,
      allowReuse: n.allowReuse,
      dependsOn: n.dependsOn,
    })),
    inputs: model.inputs.map((i) => ({ ...i, value: i.kind === "local" ? emittedPath(baseDir, i.value) : i.value })),
    outputs: model.outputs,
  };
}

export function planJson(model: CompiledPipeline, baseDir: string): string {
  return `${stableStringify(emitPlan(model, baseDir), 2)}\n`;
}
