import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { AnonymousCredential, ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import PQueue from "p-queue";
import { SluiceError } from "../errors/sluice-error.ts";
import { safeJoin } from "../fs/safe-path.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { ensureDir } from "../fs/atomic-write.ts";

/** The datastore every code snapshot goes to, as in the SDK (`_get_datastore_name`). */
export const WORKSPACE_BLOB_STORE = "workspaceblobstore";

export interface BlobStore {
  container: ContainerClient;
  /** `https://{account}.blob.{suffix}/{container}`: how code versions name their folder. */
  containerUrl: string;
  datastore: string;
  /** Secrets to scrub from any text that could reach a user. */
  secrets: string[];
}

const STORAGE_RETRY = { maxTries: 6, retryDelayInMs: 400, maxRetryDelayInMs: 30_000 };

/**
 * `GET datastores/{name}` + `POST listSecrets`, as the SDK does, then a container client with the
 * account key or SAS. The key lives only in the credential object; it is never printed.
 */
export async function openBlobStore(w: AzureWorkspace, datastore = WORKSPACE_BLOB_STORE): Promise<BlobStore> {
  const ds = await w.call(`read datastore ${datastore}`, () => w.client.datastores.get(w.rg, w.ws, datastore));
  const p = ds.properties as { datastoreType?: string; accountName?: string; containerName?: string; endpoint?: string; protocol?: string };
  if (p.datastoreType !== "AzureBlob" || !p.accountName || !p.containerName)
    throw new SluiceError("azure", `datastore ${datastore} is not an Azure Blob datastore`);
  const secrets = await w.call(`read datastore ${datastore}'s credentials`, () => w.client.datastores.listSecrets(w.rg, w.ws, datastore));
  const account = w.endpoints.blob ?? `${p.protocol ?? "https"}://${p.accountName}.blob.${p.endpoint ?? "core.windows.net"}`;
  const containerUrl = `${account}/${p.containerName}`;
  const s = secrets as { secretsType?: string; key?: string; sasToken?: string };
  if (s.secretsType === "AccountKey" && s.key) {
    const credential = new StorageSharedKeyCredential(p.accountName, s.key);
    return { container: new ContainerClient(containerUrl, credential, { retryOptions: STORAGE_RETRY }), containerUrl, datastore, secrets: [s.key] };
  }
  if (s.secretsType === "Sas" && s.sasToken) {
    const sas = s.sasToken.replace(/^\?/, "");
    return {
      container: new ContainerClient(`${containerUrl}?${sas}`, new AnonymousCredential(), { retryOptions: STORAGE_RETRY }),
      containerUrl,
      datastore,
      secrets: [sas],
    };
  }
  throw new SluiceError("azure", `datastore ${datastore} has no account key or SAS token Sluice can use`, {
    hint: "identity-based datastores are not supported yet; give the datastore credentials",
  });
}

/** Uploads files (absolute path → blob name) with Content-MD5, a few at a time; returns bytes sent. */
export async function uploadFiles(store: BlobStore, files: Array<{ path: string; blob: string }>, concurrency = 16): Promise<number> {
  const queue = new PQueue({ concurrency });
  let bytes = 0;
  await Promise.all(
    files.map((f) =>
      queue.add(async () => {
        const content = readFileSync(f.path);
        const md5 = createHash("md5").update(content).digest();
        await store.container.getBlockBlobClient(f.blob).uploadData(content, { blobHTTPHeaders: content.length > 0 ? { blobContentMD5: md5 } : {} });
        bytes += content.length;
      }),
    ),
  );
  return bytes;
}

/**
 * Downloads every blob under `prefix` into `target`, keeping relative paths. A blob whose name
 * would land outside `target` (`..`, absolute) is refused before anything is written for it.
 */
export async function downloadPrefix(store: BlobStore, prefix: string, target: string): Promise<{ files: number; bytes: number }> {
  const normalized = prefix.endsWith("/") ? prefix : `${prefix}/`;
  const blobs: string[] = [];
  for await (const blob of store.container.listBlobsFlat({ prefix: normalized, includeMetadata: true })) {
    if (blob.metadata?.hdi_isfolder === "true") continue;
    blobs.push(blob.name);
  }
  const planned = blobs.map((name) => ({ name, path: safeJoin(target, ...name.slice(normalized.length).split("/")) }));
  const queue = new PQueue({ concurrency: 8 });
  let bytes = 0;
  await Promise.all(
    planned.map((b) =>
      queue.add(async () => {
        ensureDir(dirname(b.path));
        const partial = join(dirname(b.path), `.${Math.random().toString(36).slice(2)}.partial`);
        await store.container.getBlobClient(b.name).downloadToFile(partial);
        renameSync(partial, b.path);
        bytes += statSync(b.path).size;
      }),
    ),
  );
  return { files: planned.length, bytes };
}
