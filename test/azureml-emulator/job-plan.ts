import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { REGISTER_MODEL_DIR, snapshotCode, type PlanDocument } from "@sluice/compiler";
import type { RestJobBody, RunSpec } from "../../packages/runtime/src/backends/run-spec.ts";
import { HttpError } from "./http.ts";
import type { EmulatorState } from "./state.ts";

type Node = Record<string, unknown> & { type: string; name: string; componentId?: string; display_name?: string };
type Props = {
  displayName?: string;
  experimentName?: string;
  inputs?: Record<string, { jobInputType: string; value?: string; uri?: string }>;
  settings: Record<string, unknown>;
  jobs: Record<string, Node>;
};

/** `…/components/{name}/versions/{version}` → the stored component's spec. */
export function componentOf(state: EmulatorState, armId: string): Record<string, unknown> & { code: string; command: string } {
  const m = /\/components\/([^/]+)\/versions\/([^/]+)$/.exec(armId);
  const r = m ? state.assets.get(`components/${m[1]}/versions/${m[2]}`) : undefined;
  if (!r) throw new HttpError(400, "UserError", `component ${armId} does not exist in the workspace`);
  return r.properties.componentSpec as Record<string, unknown> & { code: string; command: string };
}

/** Code folders the job needs: code ARM id → the blob prefix its `codeUri` names. */
export function codeFolders(state: EmulatorState, props: Props, container: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of Object.values(props.jobs)) {
    if (!node.componentId) continue;
    const code = componentOf(state, node.componentId).code.replace(/^azureml:/, "");
    const m = /\/codes\/([^/]+)\/versions\/([^/]+)$/.exec(code);
    const r = m ? state.assets.get(`codes/${m[1]}/versions/${m[2]}`) : undefined;
    if (!r) throw new HttpError(400, "UserError", `code ${code} does not exist`);
    const uri = String(r.properties.codeUri);
    const at = uri.indexOf(`/${container}/`);
    out.set(code, decodeURIComponent(uri.slice(at + container.length + 2)));
  }
  return out;
}

function dependsOn(node: Node): string[] {
  const text = JSON.stringify({ ...node, outputs: undefined });
  return [...new Set([...text.matchAll(/\$\{\{parent\.jobs\.([a-z_][a-z0-9_]*)\.outputs\./g)].map((m) => m[1] as string))].sort();
}

/**
 * Rebuilds, from what was submitted (job body, stored components, downloaded code), the plan the
 * local engine runs — so the emulator executes exactly what Azure was given, not the DSL.
 */
export function planFromJob(state: EmulatorState, jobName: string, props: Props, codeDirs: Map<string, string>, baseDir: string): PlanDocument {
  const components = new Map<string, PlanDocument["components"][number]>();
  const nodes: PlanDocument["nodes"] = [];
  const outputs: PlanDocument["outputs"] = {};
  for (const [key, node] of Object.entries(props.jobs)) {
    let allowReuse = true;
    if (node.componentId) {
      const spec = componentOf(state, node.componentId);
      const code = spec.code.replace(/^azureml:/, "");
      allowReuse = spec.is_deterministic !== false;
      const existing = components.get(node.componentId);
      if (existing) existing.usedBy.push(key);
      else
        components.set(node.componentId, {
          id: node.componentId,
          name: String(spec.name ?? key),
          version: node.componentId.split("/").at(-1) as string,
          command: spec.command,
          code,
          environment: String(spec.environment),
          inputs: (spec.inputs ?? {}) as never,
          outputs: (spec.outputs ?? {}) as never,
          isDeterministic: allowReuse,
          mltableOutputs: [],
          placeholder: node.componentId,
          usedBy: [key],
        });
    }
    nodes.push({
      key,
      step: node.display_name ?? key,
      kind: node.type === "automl" ? "automl" : "command",
      ...(node.componentId ? { component: node.componentId } : {}),
      allowReuse,
      dependsOn: dependsOn(node),
    });
    for (const [out, o] of Object.entries((node.outputs ?? {}) as Record<string, { value?: string; job_output_type?: string }>)) {
      const bound = /^\$\{\{parent\.outputs\.(\w+)\}\}$/.exec(o.value ?? "")?.[1];
      if (bound)
        outputs[bound] = {
          node: key,
          output: out,
          type: (props as { outputs?: Record<string, { jobOutputType: string }> }).outputs?.[bound]?.jobOutputType as never,
        };
    }
  }
  // Sluice's own registration script is run as built-in code (its Azure-only imports are not preflighted).
  const builtin = snapshotCode(REGISTER_MODEL_DIR).sha256;
  const codeSnapshots = [...codeDirs.keys()].map((id) => {
    const dir = join(baseDir, "code", id.split("/").slice(-3, -2)[0] as string);
    mkdirSync(dir, { recursive: true });
    const snap = snapshotCode(dir);
    return { id, path: relative(baseDir, dir), builtin: snap.sha256 === builtin, sha256: snap.sha256, bytes: snap.bytes, ignoreFile: null, files: snap.files };
  });
  const inputs = Object.entries(props.inputs ?? {}).map(([name, i]) =>
    i.jobInputType === "literal"
      ? { name, type: "string" as const, value: i.value ?? "", kind: "parameter" as const }
      : { name, type: i.jobInputType as never, value: i.uri ?? "", kind: "web" as const },
  );
  return {
    planVersion: 1,
    pipeline: props.displayName ?? jobName,
    experiment: props.experimentName ?? "Default",
    continueOnStepFailure: props.settings.continue_on_step_failure === true,
    codeSnapshots,
    environments: [],
    components: [...components.values()],
    nodes,
    inputs,
    outputs,
    schedules: [],
  };
}

/** The run spec the local engine takes: the submitted body as-is (component ARM ids as placeholders). */
export function specFromJob(props: Props, plan: PlanDocument, baseDir: string, webFiles: Record<string, string>): RunSpec {
  const inputs: Record<string, string> = {};
  for (const i of plan.inputs) if (i.kind === "web" && webFiles[i.value]) inputs[i.name] = webFiles[i.value] as string;
  return { job: { properties: props } as unknown as RestJobBody, plan, baseDir, params: {}, inputs, force: props.settings.force_rerun === true };
}
