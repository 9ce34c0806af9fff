import { type ExecutionPlan, sha256 } from "@sluice/compiler";
import type { RunRecord } from "../runs/run-record.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { WORKSPACE_BLOB_STORE } from "./blob-store.ts";
import { namedVersion } from "./deploy/data-assets.ts";
import type { ChildRun } from "./follow-run.ts";

interface Wanted {
  name: string;
  version?: string | undefined;
  type: string;
  uri: string;
  tags: Record<string, string>;
}

/** Registers one output's location as a data asset version; the summary line says what happened. */
async function registerOne(w: AzureWorkspace, want: Wanted): Promise<string> {
  const hash = sha256(want.uri);
  if (want.version !== undefined) {
    const version = want.version;
    const existing = await w.tryGet(`read data ${want.name}`, () => w.client.dataVersions.get(w.rg, w.ws, want.name, version));
    if (existing?.properties?.properties?.hash_sha256 === hash) return `unchanged: data asset ${want.name} version ${version}`;
    if (existing) return `not registered: data asset ${want.name} version ${version} already holds other data (give a new version, or none)`;
  }
  const named = want.version !== undefined ? { version: want.version, registered: false } : await namedVersion(w, want.name, hash);
  if (named.registered) return `unchanged: data asset ${want.name} version ${named.version}`;
  await w.call(`register data ${want.name}`, () =>
    w.client.dataVersions.createOrUpdate(w.rg, w.ws, want.name, named.version, {
      properties: {
        dataType: want.type as "uri_folder",
        dataUri: want.uri,
        isAnonymous: false,
        isArchived: false,
        properties: { hash_sha256: hash },
        tags: want.tags,
      },
    }),
  );
  return `registered data asset ${want.name} version ${named.version}`;
}

/**
 * After a job: each completed step's outputs that name a data asset, registered as a version
 * pointing at where Azure wrote them (`azureml/{run}/{output}/` in the default datastore, or the
 * output's own path). The REST spec of these api-versions has no field for it, so Sluice does
 * it, as the SDK's `Output(name=…)` does in later ones. A new version only for a new location.
 */
export async function registerAzureOutputs(w: AzureWorkspace, plan: ExecutionPlan, run: RunRecord, children: Map<string, ChildRun>): Promise<string[]> {
  const lines: string[] = [];
  for (const node of plan.nodes) {
    const child = children.get(node.key);
    if (run.steps.find((s) => s.node === node.key)?.status !== "completed" || !child) continue;
    const source = child.properties?.["azureml.isreused"] === "true" ? (child.properties["azureml.reusedrunid"] ?? child.runId) : child.runId;
    for (const [port, o] of Object.entries(node.outputs)) {
      if (!o.register) continue;
      const uri = o.path ?? `azureml://datastores/${WORKSPACE_BLOB_STORE}/paths/azureml/${source}/${port}/`;
      const tags = { sluice_job: run.id, sluice_step: node.step };
      lines.push(`${node.step}.${port}: ${await registerOne(w, { ...o.register, type: o.type, uri, tags })}`);
    }
  }
  return lines;
}
