import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExecutionPlan } from "@sluice/compiler";
import * as z from "zod";
import { assertSegment } from "../../fs/safe-path.ts";
import { readCheckedJson } from "../../runs/checked-json.ts";
import type { RunRecord } from "../../runs/run-record.ts";
import { dataDigest } from "./data-hash.ts";
import { ensureDir } from "../../fs/atomic-write.ts";

/** One registered version: `<registry>/data/<name>/<version>/` holds `data` (the files) and `data.json`. */
interface DataVersion {
  name: string;
  version: string;
  type: string;
  content_sha256: string;
  lineage: Record<string, string>;
  /** Set when its `data.json` cannot be read: the version still holds its number, but is never read back. */
  damaged?: string;
}

const DataVersionSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  type: z.string(),
  content_sha256: z.string(),
  lineage: z.record(z.string(), z.string()),
}) as unknown as z.ZodType<DataVersion>;

function readVersion(dir: string, name: string, version: string): DataVersion {
  const read = readCheckedJson(join(dir, version, "data.json"), DataVersionSchema, "a data asset record");
  return read.ok && read.value.version === version
    ? read.value
    : { name, version, type: "", content_sha256: "", lineage: {}, damaged: read.ok ? "names another version" : read.problem };
}

function versionsOf(registryDir: string, name: string): DataVersion[] {
  const dir = join(registryDir, "data", assertSegment(name, "data asset name"));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => !v.startsWith(".") && existsSync(join(dir, v, "data.json")))
    .map((v) => readVersion(dir, name, v))
    .sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

/** The files of a registered data asset version (`latest`: the newest), or undefined when there is none. */
export function findDataVersion(registryDir: string, name: string, version: string): string | undefined {
  const all = versionsOf(registryDir, name).filter((x) => x.damaged === undefined);
  const v = version === "latest" ? all.at(-1) : all.find((x) => x.version === version);
  return v && join(registryDir, "data", name, v.version, "data");
}

/**
 * Registers one output as a data asset version: a new version only when its content differs from
 * the newest (or the version asked for does not exist yet); copied in, then renamed into place,
 * so a reader never sees half a version.
 */
function registerOne(registryDir: string, source: string, want: { name: string; version?: string; type: string }, lineage: Record<string, string>): string {
  const all = versionsOf(registryDir, want.name);
  const digest = dataDigest(source);
  const same = want.version === undefined ? all.at(-1) : all.find((v) => v.version === want.version);
  if (same && same.content_sha256 === digest) return `unchanged: data asset ${want.name} version ${same.version}`;
  if (same && want.version !== undefined)
    return `not registered: data asset ${want.name} version ${want.version} already holds other content (give a new version, or none)`;
  const version = want.version ?? String(all.reduce((n, v) => Math.max(n, Number(v.version) || 0), 0) + 1);
  const root = join(registryDir, "data", want.name);
  ensureDir(root);
  const staging = mkdtempSync(join(root, ".staging-"));
  cpSync(source, join(staging, "data"), { recursive: true });
  const record: DataVersion = { name: want.name, version, type: want.type, content_sha256: digest, lineage };
  writeFileSync(join(staging, "data.json"), `${JSON.stringify(record, null, 2)}\n`);
  try {
    renameSync(staging, join(root, version));
  } catch {
    rmSync(staging, { recursive: true, force: true });
    return `not registered: data asset ${want.name} version ${version} appeared meanwhile (run again)`;
  }
  return `registered data asset ${want.name} version ${version}`;
}

/** After a run: each completed step's outputs that name a data asset, registered; one summary line each. */
export function registerDataOutputs(plan: ExecutionPlan, run: RunRecord, registryDir: string, outputPath: (node: string, output: string) => string): string[] {
  const lines: string[] = [];
  for (const node of plan.nodes) {
    const step = run.steps.find((s) => s.node === node.key);
    if (step?.status !== "completed") continue;
    for (const [port, o] of Object.entries(node.outputs)) {
      if (!o.register) continue;
      const path = outputPath(node.key, port);
      if (!existsSync(path)) continue;
      const lineage = { sluice_run_id: run.id, sluice_step: node.step, sluice_output: port };
      lines.push(`${node.step}.${port}: ${registerOne(registryDir, realpathSync(path), { ...o.register, type: o.type }, lineage)}`);
    }
  }
  return lines;
}
