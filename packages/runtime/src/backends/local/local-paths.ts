import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { SluiceError } from "../../errors/sluice-error.ts";
import { findProjectRoot, type ProjectMarker } from "../../project/project-root.ts";

/** Where local state lives: runs and the model registry, and the (shareable) cache. */
export interface LocalPaths {
  stateDir: string;
  cacheDir: string;
  registryDir: string;
}

/** Local paths plus how they were found, so "nothing here" messages can name the folder. */
export interface ProjectPaths extends LocalPaths {
  /** `SLUICE_STATE_DIR`, or the marker of the project root the state sits in. */
  foundBy: ProjectMarker | "SLUICE_STATE_DIR";
  projectDir: string;
}

/**
 * A file where the state folder belongs: every command that reads or writes state stops here
 * with one line, rather than `runs` saying "no runs", `gc` succeeding on nothing and `run`
 * failing later with a message about some path inside it. A missing folder is fine (no runs yet).
 */
function refuseFileAsState(stateDir: string, fromEnv: boolean): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(stateDir, { throwIfNoEntry: false });
  } catch {
    return; // A link loop or a locked parent: the first write names it, as a write.
  }
  if (!stat || stat.isDirectory()) return;
  throw new SluiceError("usage", `${stateDir} is a file, not Sluice's state folder`, {
    hint: fromEnv ? "move it away, or point SLUICE_STATE_DIR at a folder" : "move it away; Sluice keeps runs there (or set SLUICE_STATE_DIR)",
  });
}

/**
 * `.sluice/` beside the project root of `start` (a pipeline file's folder, else the current
 * folder; see `findProjectRoot`), or `SLUICE_STATE_DIR`. The cache may be shared between
 * checkouts with `SLUICE_CACHE_DIR`, since fingerprints do not depend on where code lives.
 */
export function localPaths(start = process.cwd(), env: NodeJS.ProcessEnv = process.env, options: { check?: boolean } = {}): ProjectPaths {
  const project = findProjectRoot(start);
  const stateDir = env.SLUICE_STATE_DIR ? resolve(env.SLUICE_STATE_DIR) : join(project.dir, ".sluice");
  if (options.check !== false) refuseFileAsState(stateDir, Boolean(env.SLUICE_STATE_DIR));
  return {
    stateDir,
    cacheDir: env.SLUICE_CACHE_DIR ? resolve(env.SLUICE_CACHE_DIR) : join(stateDir, "cache"),
    registryDir: join(stateDir, "registry"),
    foundBy: env.SLUICE_STATE_DIR ? "SLUICE_STATE_DIR" : project.marker,
    projectDir: project.dir,
  };
}

/** One line saying where state was looked for, for messages about missing runs or models. */
export function describeState(paths: ProjectPaths): string {
  if (paths.foundBy === "SLUICE_STATE_DIR") return `${paths.stateDir} (SLUICE_STATE_DIR)`;
  if (paths.foundBy === "none") return `${paths.stateDir} (no sluice.config.json or package.json at or above ${paths.projectDir})`;
  return `${paths.stateDir} (beside ${join(paths.projectDir, paths.foundBy)})`;
}
