import { resolve } from "node:path";
import type { BatchDeploymentIR, EndpointIR, OnlineDeploymentIR, PipelineIR } from "@sluice/dsl/ir";
import type { EndpointSpec, ModelSpec } from "../plan/execution-plan.ts";
import type { AssetTable } from "./assets.ts";
import { dirOf } from "./command-node.ts";

/** The model a deployment serves, and the register step that registers its name (a literal or a parameter's default), if any. */
function modelSpec(ir: PipelineIR, endpoint: string, d: OnlineDeploymentIR | BatchDeploymentIR): ModelSpec {
  const registers = ir.steps.find((s) => {
    if (s.kind !== "register") return false;
    const ref = s.modelName;
    const name =
      ref.type === "literal" ? String(ref.value) : ref.type === "parameter" ? String(ir.parameters.find((p) => p.name === ref.name)?.default) : undefined;
    return name === d.model.name;
  });
  const promotes = ir.steps.find((s) => s.kind === "deploy" && s.endpoint === endpoint && s.deployment === d.name);
  return { ...d.model, ...(registers ? { registeredBy: registers.name } : {}), ...(promotes ? { promotedBy: promotes.name } : {}) };
}

/** A deployment with its scoring code snapshotted and environment registered in the plan's asset table. */
function deploymentSpec<D extends OnlineDeploymentIR | BatchDeploymentIR>(ir: PipelineIR, assets: AssetTable, endpoint: EndpointIR, d: D) {
  const { definedAt, model: _m, scoring, ...rest } = d;
  const base = dirOf(definedAt.file);
  return {
    ...rest,
    model: modelSpec(ir, endpoint.type === "online" ? endpoint.name : "", d),
    ...(scoring
      ? {
          scoring: {
            code: assets.snapshot(resolve(base, scoring.code), false).id,
            script: scoring.script,
            environment: assets.environment(scoring.environment, (env) => (env.type === "image" || env.type === "build" ? dirOf(env.definedAt.file) : base)).id,
          },
        }
      : {}),
  };
}

/** The pipeline's endpoints as the plan records them, sorted by name, deployments by name. */
export function lowerEndpoints(ir: PipelineIR, assets: AssetTable): EndpointSpec[] {
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : 1);
  return (ir.endpoints ?? [])
    .map((e: EndpointIR): EndpointSpec => {
      const { definedAt: _d, ...rest } = e;
      return e.type === "online"
        ? { ...(rest as Omit<typeof e, "definedAt">), deployments: e.deployments.map((d) => deploymentSpec(ir, assets, e, d)).sort(byName) }
        : { ...(rest as Omit<typeof e, "definedAt">), deployments: e.deployments.map((d) => deploymentSpec(ir, assets, e, d)).sort(byName) };
    })
    .sort(byName);
}
