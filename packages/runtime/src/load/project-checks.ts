import { dirname } from "node:path";
import { emitPlan, type CompiledPipeline, type Diagnostic } from "@sluice/compiler";
import type { PipelineIR } from "@sluice/dsl/ir";
import { localPaths } from "../backends/local/local-paths.ts";
import { configInputWarnings } from "../config/config-inputs.ts";
import { closestName } from "../config/closest-name.ts";
import { loadProjectConfig } from "../config/project-config.ts";
import { modelVersions } from "../registry/local-registry.ts";

/** The model names the pipeline's register steps register (a literal, or a parameter's default). */
function registeredNames(ir: PipelineIR): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of ir.steps) {
    if (s.kind !== "register") continue;
    const ref = s.modelName;
    const name = ref.type === "literal" ? String(ref.value) : ref.type === "parameter" ? ir.parameters.find((p) => p.name === ref.name)?.default : undefined;
    if (name !== undefined) names.set(String(name), s.name);
  }
  return names;
}

function inLocalRegistry(registryDir: string, name: string): boolean {
  try {
    return modelVersions(registryDir, name).length > 0;
  } catch {
    return false; // a name that cannot be a folder is in no registry
  }
}

/**
 * A deployment serving a model no step registers and the local registry lacks is most likely a
 * misspelled name (serve and deploy would fail on it much later); the workspace may hold it, so
 * this is a warning (SL504), with the name the pipeline does register when one is close.
 */
export function deploymentModelWarnings(ir: PipelineIR, registryDir: string): Diagnostic[] {
  const registered = registeredNames(ir);
  const out: Diagnostic[] = [];
  for (const e of ir.endpoints ?? []) {
    for (const d of e.deployments) {
      const name = d.model.name;
      if (registered.has(name) || inLocalRegistry(registryDir, name)) continue;
      const guess = closestName(name, [...registered.keys()]);
      out.push({
        severity: "warning",
        code: "SL504",
        message: `deployment '${d.name}' of endpoint '${e.name}' serves model '${name}', which no register step of pipeline ${ir.name} registers and the local registry does not hold`,
        hint: guess
          ? `did you mean registeredModel("${guess}") (registered by step '${registered.get(guess)}')?`
          : registered.size > 0
            ? `this pipeline registers ${[...registered.keys()].map((n) => `'${n}'`).join(", ")}; a model only the workspace has is fine on Azure`
            : "register it with registerModelStep({ modelName: ... }), or ignore this if the workspace already has it",
        location: d.definedAt,
        path: `${e.name}/${d.name}`,
      });
    }
  }
  return out;
}

/** What `sluice check` knows beyond the compiler: the project's config and local registry. */
export function projectDiagnostics(file: string, ir: PipelineIR, model: CompiledPipeline): Diagnostic[] {
  const baseDir = dirname(file);
  const plan = emitPlan(model, baseDir);
  const config = loadProjectConfig(baseDir);
  const dataInputs = plan.inputs.filter((i) => i.kind !== "parameter");
  return [
    ...configInputWarnings(
      config,
      ir.name,
      dataInputs,
      config.inputs,
      plan.inputs.filter((i) => i.kind === "parameter").map((i) => i.name),
    ),
    ...deploymentModelWarnings(ir, localPaths(baseDir, process.env, { check: false }).registryDir),
  ];
}
