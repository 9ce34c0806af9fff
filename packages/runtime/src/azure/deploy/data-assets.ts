import { statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { forEachChunk, isLocalUri, sha256, snapshotCode, type ExecutionPlan } from "@sluice/compiler";
import { createHash } from "node:crypto";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { AzureWorkspace } from "../arm-client.ts";
import { uploadFiles, WORKSPACE_BLOB_STORE, type BlobStore } from "../blob-store.ts";
import type { AssetChange } from "./deploy-types.ts";

/** Data a deploy registers: local data a job reads (a pipeline input or a step's path), or a named data asset. */
export interface LocalData {
  /** Absolute path (for a web asset, its URL). */
  path: string;
  type: string;
  /** The name its data asset gets: the pipeline input's, or `<node>_<port>`. */
  name: string;
  /** A named asset declared with dataAsset(): versions 1, 2, … by content, not by hash. */
  register?: { description?: string | undefined };
  /** The asset points at this URL (a web dataAsset): nothing is uploaded. */
  url?: string;
}

/** One local file or folder: where it goes in the datastore, and whether Azure has it already. */
export interface DataPlan {
  data: LocalData;
  files: Array<{ path: string; blob: string; size: number }>;
  prefix: string;
  sha256: string;
  version: string;
  uploaded: boolean;
  registered: boolean;
  armId: string;
  /** The version a named asset had before this content (shown as what changed). */
  previous?: string;
}

/** Every local path the plan sends to Azure, once per path (the first name that reads it names its asset). */
export function localData(plan: ExecutionPlan, baseDir: string): LocalData[] {
  const found = new Map<string, LocalData>();
  for (const i of plan.inputs) {
    if (i.kind === "parameter" || (i.kind !== "local" && !(i.kind === "web" && i.register))) continue;
    const register = i.register ? { register: i.register } : {};
    if (i.kind === "web") found.set(`input:${i.name}`, { path: i.value, url: i.value, type: i.type, name: i.name, ...register });
    else found.set(i.register ? `input:${i.name}` : resolve(baseDir, i.value), { path: resolve(baseDir, i.value), type: i.type, name: i.name, ...register });
  }
  for (const node of [...plan.nodes, ...(plan.pipelineComponents ?? []).flatMap((c) => c.nodes)]) {
    for (const [port, input] of Object.entries(node.inputs)) {
      const b = input.binding;
      if (b.kind !== "data" || !isLocalUri(b.uri)) continue;
      const path = resolve(baseDir, b.uri);
      if (!found.has(path)) found.set(path, { path, type: input.type, name: `${node.key}_${port}` });
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : 1));
}

/** The key a job body looks data up by: a named asset by its input, other local data by its path. */
export function dataKey(d: Pick<LocalData, "name" | "path" | "register">): string {
  return d.register ? `input:${d.name}` : d.path;
}

/** A file's content hash and listing, as a one-file snapshot. */
function fileSnapshot(path: string): { sha256: string; files: Array<{ path: string; size: number }> } {
  const hash = createHash("sha256");
  forEachChunk(path, (chunk) => hash.update(chunk));
  return { sha256: hash.digest("hex"), files: [{ path: basename(path), size: statSync(path).size }] };
}

function snapshotOf(data: LocalData): { sha256: string; files: Array<{ path: string; size: number }>; root: string } {
  let isFile: boolean;
  try {
    isFile = statSync(data.path).isFile();
  } catch {
    throw new SluiceError("pipeline", `data '${data.name}' is the local path ${data.path}, which does not exist`, {
      hint: "fix the path, or give the data as a registered asset or a datastore URI",
    });
  }
  if (isFile) return { ...fileSnapshot(data.path), root: dirname(data.path) };
  const snap = snapshotCode(data.path);
  return { sha256: snap.sha256, files: snap.files, root: data.path };
}

/**
 * A named asset's version: the newest one when its recorded content hash matches, else the next
 * number (what `create_new_version` does, but only when something changed).
 */
export async function namedVersion(w: AzureWorkspace, name: string, sha: string): Promise<{ version: string; registered: boolean; previous?: string }> {
  const versions = w.client.dataVersions.list(w.rg, w.ws, name, { orderBy: "createdtime desc", top: 1 });
  const newest = await w.call(`list versions of data ${name}`, async () => {
    for await (const v of versions) return v;
    return undefined;
  });
  if (!newest?.name) return { version: "1", registered: false };
  if (newest.properties?.properties?.hash_sha256 === sha) return { version: newest.name, registered: true };
  const next = /^\d+$/.test(newest.name) ? String(Number(newest.name) + 1) : sha.slice(0, 16);
  return { version: next, registered: false, previous: newest.name };
}

async function planWebAsset(w: AzureWorkspace, data: LocalData): Promise<DataPlan> {
  const hash = sha256(data.url as string);
  const named = await namedVersion(w, data.name, hash);
  return { data, files: [], prefix: "", sha256: hash, ...named, uploaded: true, armId: w.armId(`data/${data.name}/versions/${named.version}`) };
}

/** A local file or folder's place in the datastore (`LocalUpload/{hash}/…`) and whether it is there already. */
export interface UploadPlan {
  files: Array<{ path: string; blob: string; size: number }>;
  prefix: string;
  sha256: string;
  uploaded: boolean;
}

/** Where a local file or folder goes, by content; one HEAD tells whether a whole upload is there. */
export async function planUpload(w: AzureWorkspace, store: BlobStore, data: Pick<LocalData, "path" | "name" | "type">): Promise<UploadPlan> {
  const snap = snapshotOf(data);
  const hash = snap.sha256.slice(0, 32);
  const prefix = data.type === "uri_file" ? `LocalUpload/${hash}` : `LocalUpload/${hash}/${basename(data.path)}`;
  const files = snap.files.map((f) => ({ path: resolve(snap.root, f.path), blob: `${prefix}/${f.path}`, size: f.size }));
  const first = [...files].sort((a, b) => (a.blob.toLowerCase() < b.blob.toLowerCase() ? -1 : 1))[0];
  const indicator = first ? store.container.getBlobClient(first.blob) : undefined;
  const props = indicator
    ? await w.call("check the upload in the datastore", async () => ((await indicator.exists()) ? indicator.getProperties() : undefined))
    : undefined;
  return { files, prefix, sha256: snap.sha256, uploaded: props?.metadata?.upload_status === "completed" };
}

/** Uploads what is missing and marks the upload complete (its first blob's metadata): safe to kill and rerun. */
export async function applyUpload(w: AzureWorkspace, store: BlobStore, up: UploadPlan): Promise<number> {
  if (up.uploaded) return 0;
  const bytes = await w.call("upload local files", () => uploadFiles(store, up.files));
  const first = [...up.files].sort((a, b) => (a.blob.toLowerCase() < b.blob.toLowerCase() ? -1 : 1))[0];
  if (first) await w.call("mark the upload complete", () => store.container.getBlobClient(first.blob).setMetadata({ upload_status: "completed" }));
  return bytes;
}

export async function planData(w: AzureWorkspace, store: BlobStore, data: LocalData): Promise<DataPlan> {
  if (data.url !== undefined) return planWebAsset(w, data);
  const up = await planUpload(w, store, data);
  if (data.register) {
    const named = await namedVersion(w, data.name, up.sha256);
    return { data, ...up, ...named, armId: w.armId(`data/${data.name}/versions/${named.version}`) };
  }
  const version = sha256(up.sha256).slice(0, 16);
  const existing = await w.tryGet(`read data ${data.name}`, () => w.client.dataVersions.get(w.rg, w.ws, data.name, version));
  return { data, ...up, version, registered: existing !== undefined, armId: w.armId(`data/${data.name}/versions/${version}`) };
}

/** The datastore URI of the uploaded data: the folder, or the one file. */
export function dataUri(plan: DataPlan): string {
  if (plan.data.url !== undefined) return plan.data.url;
  const tail = plan.data.type === "uri_file" ? `${plan.prefix}/${basename(plan.data.path)}` : `${plan.prefix}/`;
  return `azureml://datastores/${WORKSPACE_BLOB_STORE}/paths/${tail}`;
}

/** Uploads what is missing, then registers the version: safe to kill and rerun. */
export async function applyData(w: AzureWorkspace, store: BlobStore, plan: DataPlan): Promise<AssetChange> {
  const bytes = plan.data.url === undefined ? await applyUpload(w, store, plan) : 0;
  if (!plan.registered) {
    await w.call(`create data ${plan.data.name}`, () =>
      w.client.dataVersions.createOrUpdate(w.rg, w.ws, plan.data.name, plan.version, {
        properties: {
          dataType: plan.data.type as "uri_folder",
          dataUri: dataUri(plan),
          isAnonymous: false,
          isArchived: false,
          properties: { hash_sha256: plan.sha256 },
          description: plan.data.register?.description ?? `Uploaded by sluice from ${basename(plan.data.path)}`,
        },
      }),
    );
  }
  return { ...describeData(plan), bytes };
}

export function describeData(plan: DataPlan): AssetChange {
  const what = plan.data.url ?? basename(plan.data.path);
  const size = plan.files.reduce((n, f) => n + f.size, 0);
  const detail =
    plan.registered && plan.data.register
      ? [`${what}: content unchanged`]
      : plan.data.url !== undefined
        ? [`${what}${plan.previous ? `: changed since version ${plan.previous}` : ""}`]
        : plan.uploaded
          ? [`${what}: already in the datastore`]
          : [`${what}: ${plan.files.length} file(s), ${size} bytes to upload${plan.previous ? `; changed since version ${plan.previous}` : ""}`];
  const bytes = plan.uploaded || plan.data.url !== undefined ? 0 : size;
  return { kind: "data", name: plan.data.name, version: plan.version, action: plan.registered ? "unchanged" : "create", detail, bytes };
}
