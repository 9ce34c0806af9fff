import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pipeline as streamPipeline } from "node:stream/promises";
import { Readable, Transform } from "node:stream";
import { isLocalUri } from "@sluice/compiler";
import * as z from "zod";
import { dataDigest } from "./data-hash.ts";
import { redact } from "../../errors/redact.ts";
import { type ErrorKind, SluiceError } from "../../errors/sluice-error.ts";
import { writeFileAtomic, ensureDir } from "../../fs/atomic-write.ts";
import type { RunSpec } from "../run-spec.ts";
import { findDataVersion } from "./data-registry.ts";

/** A data input as a local path, identified by its content (what fingerprints use). */
export interface ResolvedData {
  path: string;
  sha256: string;
  origin: "mapped" | "local" | "cache" | "download";
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  await streamPipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/** Data by content, never location: every byte of a file, or of every file in a folder. */
export async function contentHash(path: string): Promise<string> {
  return dataDigest(path);
}

/**
 * Web files are downloaded once into `<cache>/data/blobs/<sha256>/<name>` (the URL index points
 * there) and verified against that hash on every use; a corrupt blob is fetched again.
 */
export class DataCache {
  private readonly root: string;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, "data");
  }

  async fetch(url: string): Promise<ResolvedData> {
    const hit = await this.cached(url);
    if (!hit) return this.download(url, this.indexFile(url));
    this.scrub(url, hit.sha256, basename(hit.path));
    return hit;
  }

  /** An index an older Sluice wrote (readable by all, the URL with its token): rewritten owner-only, redacted. */
  private scrub(url: string, sha256: string, file: string): void {
    const index = this.indexFile(url);
    const loose = (statSync(index).mode & 0o077) !== 0;
    const plain = redact(url) !== url && readFileSync(index, "utf8").includes(JSON.stringify(url).slice(1, -1));
    if (loose || plain) {
      writeFileAtomic(index, JSON.stringify({ url: redact(url), sha256, file }), { mode: 0o600 });
    }
  }

  /** The cached copy of a URL, if present and intact (no network). */
  async cached(url: string): Promise<ResolvedData | undefined> {
    const index = this.indexFile(url);
    const entry = readIndex(index);
    if (!entry) return undefined;
    const { sha256, file } = entry;
    const path = join(this.root, "blobs", sha256, file);
    return existsSync(path) && (await sha256File(path)) === sha256 ? { path, sha256, origin: "cache" } : undefined;
  }

  /** Named by a hash of the URL: a SAS token in it is never a file name, nor in the file. */
  private indexFile(url: string): string {
    return join(this.root, "urls", `${createHash("sha256").update(url).digest("hex")}.json`);
  }

  private async download(url: string, index: string): Promise<ResolvedData> {
    const file = basename(new URL(url).pathname) || "data";
    const temp = join(this.root, "tmp", `${process.pid}-${randomBytes(6).toString("hex")}`);
    ensureDir(join(this.root, "tmp"));
    const hash = createHash("sha256");
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const tee = new Transform({
        transform(chunk, _e, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await streamPipeline(Readable.fromWeb(response.body as never), tee, createWriteStream(temp));
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    const sha256 = hash.digest("hex");
    const dir = join(this.root, "blobs", sha256);
    ensureDir(dir);
    renameSync(temp, join(dir, file));
    writeFileAtomic(index, JSON.stringify({ url: redact(url), sha256, file }), { mode: 0o600 });
    return { path: join(dir, file), sha256, origin: "download" };
  }
}

const UrlIndexSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  file: z.string().refine((f) => f !== "" && f !== "." && f !== ".." && f === basename(f)),
});

/** A URL index entry, or undefined when it is missing or not one (then the URL is fetched again). */
function readIndex(index: string): { sha256: string; file: string } | undefined {
  if (!existsSync(index)) return undefined;
  try {
    const parsed = UrlIndexSchema.safeParse(JSON.parse(readFileSync(index, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Why a download failed, with the URL's secrets replaced (the URL, and any error text that repeats it). */
/** Network errors in the user's terms (Node's codes are not theirs); anything else as it came. */
const NETWORK: Record<string, (host: string) => string> = {
  ENOTFOUND: (host) => `no network here, or no such host: ${host} cannot be resolved`,
  EAI_AGAIN: (host) => `no network here: ${host} cannot be resolved right now`,
  ECONNREFUSED: (host) => `${host} refused the connection`,
  ECONNRESET: (host) => `${host} closed the connection`,
  ETIMEDOUT: (host) => `${host} did not answer in time`,
  ENETUNREACH: () => "no network here: the network is unreachable",
};

function downloadFailure(url: string, error: unknown): string {
  const e = error as Error & { cause?: { code?: string; hostname?: string } | string; code?: string };
  const cause = typeof e.cause === "object" ? e.cause : undefined;
  const code = cause?.code ?? e.code;
  const said = code === undefined ? undefined : NETWORK[code];
  let host = cause?.hostname ?? "";
  try {
    host ||= new URL(url).host;
  } catch {
    host ||= url;
  }
  return redact(`from ${url} (${said ? said(host) : String(e.cause ?? e.message)})`);
}

function failure(name: string, what: string, kind: ErrorKind = "usage"): SluiceError {
  return new SluiceError(kind, `data input '${name}' ${what}`, {
    hint: `map it to a local file: --input ${name}=<path>, or "inputs": { "${name}": "<path>" } in sluice.config.json`,
  });
}

/**
 * Resolves every data input of the pipeline to a local path and content hash, before any step
 * runs. `offline` (for `sluice plan`) never downloads: uncached web inputs are left out.
 */
export async function resolveDataInputs(
  spec: RunSpec,
  cache: DataCache,
  options: { offline?: boolean; registryDir?: string } = {},
): Promise<Map<string, ResolvedData>> {
  const resolved = new Map<string, ResolvedData>();
  for (const input of spec.plan.inputs) {
    if (input.kind === "parameter") continue;
    const mapped = spec.inputs[input.name];
    if (mapped !== undefined) {
      if (!existsSync(mapped)) throw failure(input.name, `is mapped to '${mapped}', which does not exist`);
      const isDir = statSync(mapped).isDirectory();
      if (isDir !== (input.type !== "uri_file")) throw failure(input.name, `is ${input.type} but '${mapped}' is a ${isDir ? "folder" : "file"}`);
      resolved.set(input.name, { path: resolve(mapped), sha256: await contentHash(mapped), origin: "mapped" });
    } else if (input.kind === "local") {
      const path = resolve(spec.baseDir, input.value);
      if (!existsSync(path)) throw failure(input.name, `is '${input.value}' (relative to the pipeline file), which does not exist`, "pipeline");
      resolved.set(input.name, { path, sha256: await contentHash(path), origin: "local" });
    } else if (input.kind === "web" && options.offline) {
      const cached = await cache.cached(input.value);
      if (cached) resolved.set(input.name, cached);
    } else if (input.kind === "web") {
      // Not undici's "unknown scheme" (exit 3 as if the network failed): a local run fetches http(s) only.
      if (!/^https?:\/\//i.test(input.value))
        throw failure(input.name, `is ${redact(input.value)}, which a local run cannot download (it fetches http and https URLs)`);
      try {
        resolved.set(input.name, await cache.fetch(input.value));
      } catch (error) {
        throw failure(input.name, `could not be downloaded ${downloadFailure(input.value, error)}`, "environment");
      }
    } else {
      // A data asset a run here registered (an output's `name`) has a local copy in the registry.
      const [, name, version] = /^azureml:([^:@]+)(?::(.+)|@(latest))$/.exec(input.value) ?? [];
      const path = name && options.registryDir ? findDataVersion(options.registryDir, name, version ?? "latest") : undefined;
      if (!path) throw failure(input.name, `is the registered dataset ${input.value}, which has no local copy`);
      resolved.set(input.name, { path, sha256: await contentHash(path), origin: "local" });
    }
  }
  await resolveNodeData(spec, cache, resolved, options);
  return resolved;
}

/** The key node-level data is resolved under (pipeline inputs use their name). */
export function nodeDataKey(uri: string): string {
  return `uri:${uri}`;
}

async function fetchNodeData(cache: DataCache, uri: string, what: string): Promise<ResolvedData> {
  try {
    return await cache.fetch(uri);
  } catch (error) {
    throw new SluiceError("environment", `${what} could not be downloaded ${downloadFailure(uri, error)}`);
  }
}

/** Data given at a step (a local path, a web URL): resolved like pipeline inputs, keyed by its URI. */
async function resolveNodeData(spec: RunSpec, cache: DataCache, resolved: Map<string, ResolvedData>, options: { offline?: boolean }): Promise<void> {
  for (const node of spec.plan.nodes) {
    for (const [port, input] of Object.entries(node.inputs)) {
      const b = input.binding;
      if (b.kind !== "data" || resolved.has(nodeDataKey(b.uri))) continue;
      const what = `input '${port}' of step '${node.step}'`;
      if (/^https?:\/\//.test(b.uri)) {
        const got = options.offline ? await cache.cached(b.uri) : await fetchNodeData(cache, b.uri, what);
        if (got) resolved.set(nodeDataKey(b.uri), got);
      } else if (!isLocalUri(b.uri)) {
        throw new SluiceError("pipeline", `${what} is ${b.uri}, which has no local copy`, {
          hint: "run it on Azure ML, or pass a local folder or file for local runs",
        });
      } else {
        const path = resolve(spec.baseDir, b.uri);
        if (!existsSync(path))
          throw new SluiceError("pipeline", `${what} is '${b.uri}' (relative to the pipeline file), which does not exist`, { hint: "fix the path" });
        resolved.set(nodeDataKey(b.uri), { path, sha256: await contentHash(path), origin: "local" });
      }
    }
  }
}
