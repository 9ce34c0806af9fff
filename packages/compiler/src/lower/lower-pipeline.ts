import { resolve } from "node:path";
import type { DataMode, DelimitedIR, PipelineIR } from "@sluice/dsl/ir";
import type { CompilerHost } from "../host/compiler-host.ts";
import { nodeKey } from "../names/azure-names.ts";
import {
  ExecutionPlanSchema,
  PLAN_VERSION,
  type ExecutionPlan,
  type PlanNode,
  type PipelineInputSpec,
  type PipelineOutputSpec,
} from "../plan/execution-plan.ts";
import { AssetTable } from "./assets.ts";
import { BindingResolver } from "./bindings.ts";
import { stepWrites } from "../graph/step-io.ts";
import { kindOf } from "../kinds/step-kinds.ts";
import type { LowerContext } from "./lower-context.ts";
import { assetReference, literalText } from "./values.ts";
import { lowerEndpoints } from "./lower-endpoints.ts";
import { lowerControl } from "./lower-control.ts";

function pipelineInputs(ir: PipelineIR): PipelineInputSpec[] {
  const specs: PipelineInputSpec[] = ir.parameters.map((p) => ({
    name: p.name,
    type: p.type,
    value: literalText(p.default),
    default: p.default,
    kind: "parameter",
  }));
  for (const d of ir.inputs) {
    const value =
      d.type === "web" ? (d.urls[0] ?? "") : d.type === "dataset" ? assetReference(d.assetName, d.version) : resolve(d.definedAt.file, "..", d.path);
    const register = d.type !== "dataset" && d.register ? { register: d.register } : {};
    specs.push({ name: d.name, type: d.assetType, value, kind: d.type, ...register, ...(d.mode ? { mode: d.mode } : {}) });
  }
  const unique = new Map(specs.map((s) => [s.name, s]));
  return [...unique.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Modes and paths declared at the step, which move to the pipeline output exposing that data. */
function declaredOutputs(ir: PipelineIR): Map<string, { mode?: DataMode; path?: string }> {
  const out = new Map<string, { mode?: DataMode; path?: string }>();
  for (const step of ir.steps) {
    for (const w of stepWrites(step)) out.set(w.data, { ...(w.mode ? { mode: w.mode } : {}), ...(w.path ? { path: w.path } : {}) });
  }
  return out;
}

function pipelineOutputs(ir: PipelineIR, bindings: BindingResolver): Record<string, PipelineOutputSpec> {
  const metrics = new Map(ir.steps.flatMap((s) => stepWrites(s).flatMap((w) => (w.type === "automl_metrics" ? [[w.data, nodeKey(s.name)] as const] : []))));
  const outputs: Record<string, PipelineOutputSpec> = {};
  const declared = declaredOutputs(ir);
  for (const [name, { data, mode, path }] of Object.entries(ir.outputs)) {
    const automl = metrics.get(data);
    const producer = bindings.producerOf(data);
    const how = { ...declared.get(data), ...(mode ? { mode } : {}), ...(path ? { path } : {}) };
    if (automl !== undefined) outputs[name] = { type: "automl_metrics", node: automl, output: "metrics" };
    else if (producer) outputs[name] = { type: producer.type, node: producer.node, output: producer.output, ...how };
  }
  return outputs;
}

function pipelineSettings(ir: PipelineIR): ExecutionPlan["pipeline"] {
  return {
    name: ir.name,
    displayName: ir.displayName,
    experiment: ir.experiment,
    description: ir.description,
    tags: ir.tags,
    continueOnStepFailure: ir.continueOnStepFailure,
    forceRerun: ir.forceRerun,
    job: ir.job,
    defaultCompute: ir.defaultCompute,
    compute: ir.compute,
    defaultDatastore: ir.defaultDatastore,
    extraSettings: ir.extraSettings,
  };
}

/** Lowers a graph's steps (a pipeline's, or a pipeline component's body) into nodes, sharing the asset table. */
export function lowerGraph(ir: PipelineIR, assets: AssetTable): { ctx: LowerContext; nodes: PlanNode[] } {
  const bindings = new BindingResolver(ir);
  const exposed = new Map(Object.entries(ir.outputs).map(([name, o]) => [o.data, name]));
  const delimited = new Map<string, DelimitedIR>(ir.data.flatMap((d) => (d.delimited ? [[d.id, d.delimited] as const] : [])));
  const ctx: LowerContext = { assets, bindings, exposed, delimited, lowerGraph: (sub) => lowerGraph(sub, assets) };
  const steps = ir.steps.map((step) => kindOf(step).lower(ctx, step));
  return { ctx, nodes: [...steps, ...(ir.control ?? []).map((c) => lowerControl(ctx, c))] };
}

/**
 * Resolves a checked IR into the execution plan, once: bindings, typed ports, content-addressed
 * code snapshots, environments and components (paths absolute). Only called when checks passed;
 * the result is validated, so a lowering bug fails here rather than in a consumer.
 */
export function lowerPipeline(ir: PipelineIR, host: CompilerHost): ExecutionPlan {
  const { ctx, nodes } = lowerGraph(ir, new AssetTable(host));
  // Before the asset lists are read: endpoints add their scoring code and environments.
  const endpoints = lowerEndpoints(ir, ctx.assets);
  const bindings = ctx.bindings;
  const pipelineComponents = [...ctx.assets.pipelineComponents.values()];
  const byId = <T extends { id: string }>(m: Map<string, T>) => [...m.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const schedules = (ir.schedules ?? []).map(({ definedAt: _, ...spec }) => spec).sort((a, b) => (a.name < b.name ? -1 : 1));
  return ExecutionPlanSchema.parse({
    planVersion: PLAN_VERSION,
    pipeline: pipelineSettings(ir),
    codeSnapshots: byId(ctx.assets.snapshots),
    environments: byId(ctx.assets.environments),
    components: byId(ctx.assets.components),
    ...(pipelineComponents.length > 0 ? { pipelineComponents } : {}),
    nodes,
    inputs: pipelineInputs(ir),
    outputs: pipelineOutputs(ir, bindings),
    schedules,
    ...(endpoints.length > 0 ? { endpoints } : {}),
  });
}
