import { isLocalUri, restJobBody } from "@sluice/compiler";
import { SluiceError } from "../../errors/sluice-error.ts";
import { resolveParams } from "../../backends/params.ts";
import type { RunSpec } from "../../backends/run-spec.ts";
import type { AzureWorkspace } from "../arm-client.ts";

export interface JobBodyOptions {
  /** placeholder (`sluice:component:…`) → component ARM id */
  componentIds: Map<string, string>;
  params: Record<string, string>;
  force: boolean;
}

/** Notes the plan prints about data inputs that are read afresh on every scheduled run. */
export function liveDataNotes(spec: RunSpec): string[] {
  return spec.plan.inputs
    .filter((i) => i.kind === "dataset" && i.value.endsWith("@latest"))
    .map((i) => `data input ${i.name} (${i.value}) stays live: each scheduled run reads the newest version`);
}

type RestInput = { jobInputType: string; value?: string; uri?: string };

function resolveInputs(
  spec: RunSpec,
  w: AzureWorkspace,
  params: Record<string, string>,
  given: Record<string, RestInput>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const values = resolveParams(spec.plan, params);
  for (const [name, input] of Object.entries(given)) {
    const planned = spec.plan.inputs.find((i) => i.name === name);
    if (planned?.kind === "local")
      throw new SluiceError("pipeline", `data input '${name}' is a local path; Azure runs read data from Azure`, {
        hint: "register it as a data asset (dataset(name, {version})) or use webFiles(url)",
      });
    if (input.jobInputType === "literal") out[name] = { ...input, value: params[name] === undefined ? input.value : values.get(name) };
    else if (input.uri?.startsWith("azureml:") && !input.uri.endsWith("@latest")) {
      const [, assetName, version] = /^azureml:([^:]+):(.+)$/.exec(input.uri) ?? [];
      out[name] = { ...input, uri: assetName ? w.armId(`data/${assetName}/versions/${version}`) : input.uri };
    } else out[name] = { ...input };
  }
  return out;
}

function resolveNode(node: Record<string, unknown>, w: AzureWorkspace, ids: Map<string, string>): Record<string, unknown> {
  const copy = structuredClone(node);
  if (typeof copy.componentId === "string") {
    const id = ids.get(copy.componentId);
    if (!id) throw new Error(`no component was deployed for ${copy.componentId}`);
    copy.componentId = id;
  }
  if (typeof copy.computeId === "string" && !copy.computeId.startsWith("/")) copy.computeId = w.armId(`computes/${copy.computeId}`);
  if (typeof copy.compute === "string" && /^azureml:[^/]/.test(copy.compute)) copy.compute = `azureml:${w.armId(`computes/${copy.compute.slice(8)}`)}`;
  return copy;
}

/** Data given to a step as a local path has no copy in Azure yet: refused before anything is sent. */
function refuseLocalStepData(spec: RunSpec): void {
  for (const node of spec.plan.nodes) {
    for (const [port, input] of Object.entries(node.inputs)) {
      const b = input.binding;
      if (b.kind !== "data" || !isLocalUri(b.uri)) continue;
      throw new SluiceError("pipeline", `input '${port}' of step '${node.step}' is the local path '${b.uri}'; Azure runs read data from Azure`, {
        hint: "register it as a data asset and pass dataFolder('azureml:<name>@latest'), or a datastore URI (azureml://datastores/…/paths/…)",
      });
    }
  }
}

/**
 * The job's `properties` as Azure receives them: component placeholders swapped for ARM ids,
 * compute and datastore names as ARM ids, parameter overrides and `force_rerun` applied.
 */
export function resolvedJobProperties(spec: RunSpec, w: AzureWorkspace, options: JobBodyOptions): Record<string, unknown> {
  refuseLocalStepData(spec);
  const p = restJobBody(spec.plan).properties as Record<string, unknown> & {
    inputs: Record<string, RestInput>;
    settings: Record<string, unknown>;
    jobs: Record<string, Record<string, unknown>>;
  };
  const settings: Record<string, unknown> = { ...p.settings };
  if (typeof settings.default_compute === "string") settings.default_compute = w.armId(`computes/${settings.default_compute}`);
  if (typeof settings.default_datastore === "string") settings.default_datastore = w.armId(`datastores/${settings.default_datastore}`);
  if (options.force) settings.force_rerun = true;
  return {
    ...structuredClone(p),
    inputs: resolveInputs(spec, w, options.params, p.inputs),
    settings,
    jobs: Object.fromEntries(Object.entries(p.jobs).map(([key, node]) => [key, resolveNode(node, w, options.componentIds)])),
  };
}
