import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Why a folder is the project root: the marker file found there, or none (the folder itself). */
export type ProjectMarker = "sluice.config.json" | "package.json" | "none";

export interface ProjectRoot {
  dir: string;
  marker: ProjectMarker;
}

/** The nearest folder at or above `start` that holds `file`. */
export function nearest(start: string, file: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, file))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The project a pipeline file (or the current folder) belongs to: the nearest folder at or
 * above `start` holding `sluice.config.json`, else the nearest holding `package.json`, else
 * `start` itself. Runs, the cache and the model registry live there, so every command sees the
 * same history wherever in the project it runs.
 */
export function findProjectRoot(start: string): ProjectRoot {
  const config = nearest(start, "sluice.config.json");
  if (config) return { dir: config, marker: "sluice.config.json" };
  const pkg = nearest(start, "package.json");
  if (pkg) return { dir: pkg, marker: "package.json" };
  return { dir: resolve(start), marker: "none" };
}
