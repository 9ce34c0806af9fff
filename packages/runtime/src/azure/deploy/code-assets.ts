import { basename, resolve } from "node:path";
import type { ExecutionPlan } from "@sluice/compiler";
import { contentVersion } from "@sluice/compiler";
import type { AzureWorkspace } from "../arm-client.ts";
import { uploadFiles, type BlobStore } from "../blob-store.ts";
import type { AssetChange } from "./deploy-types.ts";

type Snapshot = ExecutionPlan["codeSnapshots"][number];

/** One code snapshot: where it goes in the datastore and whether it is already there. */
export interface CodePlan {
  snapshot: Snapshot;
  dir: string;
  prefix: string;
  name: string;
  version: string;
  uploaded: boolean;
  registered: boolean;
  armId: string;
}

/**
 * `LocalUpload/{hash}/{folder}` as the SDK lays snapshots out. The indicator blob (first file)
 * carries `upload_status=completed` plus the code asset's name/version once the upload is whole;
 * an indicator left by the SDK is adopted, so both tools share snapshots.
 */
export async function planCode(w: AzureWorkspace, store: BlobStore, snapshot: Snapshot, baseDir: string): Promise<CodePlan> {
  const hash = snapshot.sha256.slice(0, 32);
  const dir = resolve(baseDir, snapshot.path);
  const prefix = `LocalUpload/${hash}/${basename(dir)}`;
  const first = [...snapshot.files].sort((a, b) => (a.path.toLowerCase() < b.path.toLowerCase() ? -1 : 1))[0];
  let name = contentVersion({ code: snapshot.sha256 });
  let version = "1";
  let uploaded = false;
  if (first) {
    const indicator = store.container.getBlobClient(`${prefix}/${first.path}`);
    const props = await w.call("check the code snapshot in the datastore", async () => ((await indicator.exists()) ? indicator.getProperties() : undefined));
    if (props?.metadata?.upload_status === "completed" && props.metadata.name) {
      uploaded = true;
      name = props.metadata.name;
      version = props.metadata.version ?? "1";
    }
  }
  const existing = await w.tryGet(`read code ${name}`, () => w.client.codeVersions.get(w.rg, w.ws, name, version));
  return { snapshot, dir, prefix, name, version, uploaded, registered: existing !== undefined, armId: w.armId(`codes/${name}/versions/${version}`) };
}

/** Uploads what is missing, marks the indicator, then creates the code version: safe to kill and rerun. */
export async function applyCode(w: AzureWorkspace, store: BlobStore, plan: CodePlan): Promise<AssetChange> {
  let bytes = 0;
  if (!plan.uploaded) {
    const files = plan.snapshot.files.map((f) => ({ path: resolve(plan.dir, f.path), blob: `${plan.prefix}/${f.path}` }));
    bytes = await w.call("upload the code snapshot", () => uploadFiles(store, files));
    const indicator = [...files].sort((a, b) => (a.blob.toLowerCase() < b.blob.toLowerCase() ? -1 : 1))[0];
    if (indicator) {
      await w.call("mark the code snapshot complete", () =>
        store.container.getBlobClient(indicator.blob).setMetadata({ upload_status: "completed", name: plan.name, version: plan.version }),
      );
    }
  }
  if (!plan.registered) {
    await w.call(`create code ${plan.name}`, () =>
      w.client.codeVersions.createOrUpdate(w.rg, w.ws, plan.name, plan.version, {
        properties: {
          codeUri: `${store.containerUrl}/${plan.prefix}`,
          isAnonymous: true,
          isArchived: false,
          properties: { hash_sha256: plan.snapshot.sha256, hash_version: "202208" },
        },
      }),
    );
  }
  return { kind: "code", name: plan.name, version: plan.version, action: plan.registered ? "unchanged" : "create", bytes, detail: [basename(plan.dir)] };
}

export function describeCode(plan: CodePlan): AssetChange {
  const what = basename(plan.dir);
  const action = plan.registered ? "unchanged" : "create";
  const detail = plan.uploaded
    ? [`${what}: already in the datastore`]
    : [`${what}: upload ${plan.snapshot.files.length} file(s), ${plan.snapshot.bytes} bytes`];
  return { kind: "code", name: plan.name, version: plan.version, action, bytes: plan.uploaded ? 0 : plan.snapshot.bytes, detail };
}
