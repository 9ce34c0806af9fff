import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { forEachChunk } from "@sluice/compiler";
import * as z from "zod";

/** One path of a cache entry: a file (size and content digest), a symbolic link (its target), or a folder. */
const ItemSchema = z.union([
  z.strictObject({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/), mtimeMs: z.number().optional() }),
  z.strictObject({ link: z.string() }),
  z.strictObject({ dir: z.literal(true) }),
]);
export type ManifestItem = z.infer<typeof ItemSchema>;

/** Relative path (`outputs/model/model.pkl`, `/`-separated) → what was there when the entry was stored. */
export const ManifestSchema = z.record(z.string(), ItemSchema);
export type Manifest = z.infer<typeof ManifestSchema>;

function fileSha256(path: string): string {
  const hash = createHash("sha256");
  forEachChunk(path, (chunk) => hash.update(chunk));
  return hash.digest("hex");
}

function walk(root: string, rel: string, out: Manifest): void {
  const stats = lstatSync(join(root, rel));
  if (stats.isSymbolicLink()) out[rel] = { link: readlinkSync(join(root, rel)) };
  else if (stats.isDirectory()) {
    out[rel] = { dir: true };
    for (const name of readdirSync(join(root, rel)).sort()) walk(root, `${rel}/${name}`, out);
  } else out[rel] = { size: stats.size, sha256: fileSha256(join(root, rel)), mtimeMs: stats.mtimeMs };
}

/**
 * What a folder holds under the given top-level names (those that exist), every byte hashed:
 * recorded when an entry is stored, so a later hit can be checked instead of trusted.
 */
export function buildManifest(root: string, names: readonly string[]): Manifest {
  const out: Manifest = {};
  for (const name of names) if (lstatSync(join(root, name), { throwIfNoEntry: false })) walk(root, name, out);
  return out;
}

/**
 * Why one recorded path no longer matches, or undefined. Cheap: content is read only for a file
 * whose modification time moved (edited in place; a copy that did not keep times costs one hash).
 */
function quickProblem(root: string, rel: string, item: ManifestItem): string | undefined {
  const stats = lstatSync(join(root, rel), { throwIfNoEntry: false });
  if (!stats) return `${rel} is missing`;
  if ("dir" in item) return stats.isDirectory() ? undefined : `${rel} is no longer a folder`;
  if ("link" in item) return stats.isSymbolicLink() && readlinkSync(join(root, rel)) === item.link ? undefined : `${rel} is not the link it was`;
  if (!stats.isFile()) return `${rel} is no longer a file`;
  if (stats.size !== item.size) return `${rel} is ${stats.size} bytes, not ${item.size}`;
  // Whole milliseconds: what every copy that keeps times (tar, cp -p) keeps.
  if (item.mtimeMs === undefined || Math.trunc(stats.mtimeMs) === Math.trunc(item.mtimeMs)) return undefined;
  return fileSha256(join(root, rel)) === item.sha256 ? undefined : `${rel} changed (same size, other bytes)`;
}

/**
 * The first difference between an entry's folder and its manifest, checking presence, kind, size
 * and modification time (what a cache hit can afford); each of `outputs` must be a recorded folder.
 */
export function checkQuickly(root: string, manifest: Manifest, outputs: readonly string[]): string | undefined {
  for (const output of outputs) if (!manifest[`outputs/${output}`]) return `output ${output} was not recorded`;
  for (const [rel, item] of Object.entries(manifest)) {
    const problem = quickProblem(root, rel, item);
    if (problem) return problem;
  }
  return undefined;
}

/** As `checkQuickly`, then every byte and no unrecorded files: what `sluice cache verify` runs. */
export function checkFully(root: string, manifest: Manifest, outputs: readonly string[], names: readonly string[]): string | undefined {
  const quick = checkQuickly(root, manifest, outputs);
  if (quick) return quick;
  const now = buildManifest(root, names);
  for (const rel of Object.keys(now)) if (!manifest[rel]) return `${rel} was added after the entry was stored`;
  for (const [rel, item] of Object.entries(manifest)) {
    if (!("sha256" in item)) continue;
    // The quick check passed: every recorded path is in `now`, and of the same kind.
    if ((now[rel] as { sha256: string }).sha256 !== item.sha256) return `${rel} changed (same size, other bytes)`;
  }
  return undefined;
}

/**
 * The content identity of each output, from the manifest: what a downstream step's fingerprint
 * holds, so an upstream that re-ran and wrote the same bytes leaves its consumers reused.
 */
export function outputDigests(manifest: Manifest, outputs: readonly string[]): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const output of outputs) {
    const prefix = `outputs/${output}/`;
    const hash = createHash("sha256");
    for (const rel of Object.keys(manifest)
      .filter((r) => r.startsWith(prefix))
      .sort()) {
      const item = manifest[rel] as ManifestItem;
      const what = "sha256" in item ? `file\0${item.sha256}` : "link" in item ? `link\0${item.link}` : "dir";
      hash.update(`${rel.slice(prefix.length)}\0${what}\0`);
    }
    digests[output] = hash.digest("hex");
  }
  return digests;
}
