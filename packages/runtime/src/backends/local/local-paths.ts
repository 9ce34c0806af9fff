import { join, resolve } from "node:path";

/** Where local state lives: runs and the model registry, and the (shareable) cache. */
export interface LocalPaths {
  stateDir: string;
  cacheDir: string;
  registryDir: string;
}

/**
 * `.sluice/` in the current folder (or `SLUICE_STATE_DIR`); the cache may be shared between
 * checkouts with `SLUICE_CACHE_DIR`, since fingerprints do not depend on where code lives.
 */
export function localPaths(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): LocalPaths {
  const stateDir = resolve(cwd, env.SLUICE_STATE_DIR ?? ".sluice");
  return {
    stateDir,
    cacheDir: env.SLUICE_CACHE_DIR ? resolve(cwd, env.SLUICE_CACHE_DIR) : join(stateDir, "cache"),
    registryDir: join(stateDir, "registry"),
  };
}
