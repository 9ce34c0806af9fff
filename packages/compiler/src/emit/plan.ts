import { stableStringify } from "../hash/content-version.ts";
import type { CompiledPipeline, ComponentSpec, EnvironmentSpec, PipelineInputSpec, PipelineOutputSpec } from "../lower/model.ts";
import { componentPlaceholder } from "./rest-json.ts";
import { emittedPath } from "./paths.ts";
import { scheduleSpecs, type ScheduleSpec } from "./schedule.ts";

export const PLAN_VERSION = 1;

/** The plan as written to `<name>.plan.json` and read by runtimes (paths relative to the file). */
export interface PlanDocument {
  planVersion: number;
  pipeline: string;
  experiment: string;
  continueOnStepFailure: boolean;
  codeSnapshots: Array<{
    id: string;
    path: string;
    builtin: boolean;
    sha256: string;
    bytes: number;
    ignoreFile: string | null;
    files: Array<{ path: string; size: number; sha256: string }>;
  }>;
  environments: EnvironmentSpec[];
  components: Array<ComponentSpec & { placeholder: string; usedBy: string[] }>;
  nodes: Array<{ key: string; step: string; kind: "command" | "automl"; component?: string; allowReuse: boolean; dependsOn: string[] }>;
  inputs: PipelineInputSpec[];
  outputs: Record<string, PipelineOutputSpec>;
  /** Retraining schedules; each runs the job body with components pinned at deploy time. */
  schedules: ScheduleSpec[];
}

/**
 * What deploying the pipeline needs, content-addressed: code snapshots (with per-file digests,
 * so a runtime can say which file changed), environments, components and the node graph.
 */
export function emitPlan(model: CompiledPipeline, baseDir: string): PlanDocument {
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
    environments: model.environments.map(
      (e): EnvironmentSpec => (e.kind === "registered" || e.condaFile === undefined ? e : { ...e, condaFile: emittedPath(baseDir, e.condaFile) }),
    ),
    components: model.components.map((c) => ({ ...c, placeholder: componentPlaceholder(c.id), usedBy: usedBy.get(c.id) ?? [] })),
    nodes: model.nodes.map((n) => ({
      key: n.key,
      step: n.stepName,
      kind: n.kind,
      ...(n.kind === "command" ? { component: n.component } : {}),
      allowReuse: n.allowReuse,
      dependsOn: n.dependsOn,
    })),
    inputs: model.inputs.map((i) => ({ ...i, value: i.kind === "local" ? emittedPath(baseDir, i.value) : i.value })),
    outputs: model.outputs,
    schedules: scheduleSpecs(model),
  };
}

export function planJson(model: CompiledPipeline, baseDir: string): string {
  return `${stableStringify(emitPlan(model, baseDir), 2)}\n`;
}
