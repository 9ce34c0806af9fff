import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { assertSegment } from "../fs/safe-path.ts";

/** One version of a model in the local registry (what a register step wrote). */
export interface ModelVersion {
  name: string;
  version: number;
  description: string;
  tags: Record<string, string>;
  lineage: Record<string, string>;
  metric: { name: string; value: number } | null;
  /** The model's folder. */
  path: string;
}

/** Every version of a model, oldest first (`<registry>/models/<name>/<version>/model.json`). */
export function modelVersions(registryDir: string, name: string): ModelVersion[] {
  const dir = join(registryDir, "models", assertSegment(name, "model name"));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(dir, v, "model.json")))
    .map((v) => ({ ...(JSON.parse(readFileSync(join(dir, v, "model.json"), "utf8")) as ModelVersion), path: join(dir, v, "model") }))
    .sort((a, b) => a.version - b.version);
}

/** A model version by number, or the newest for `latest`; undefined when it is not registered. */
export function findModel(registryDir: string, name: string, version: string): ModelVersion | undefined {
  const all = modelVersions(registryDir, name);
  return version === "latest" ? all.at(-1) : all.find((m) => String(m.version) === version);
}
