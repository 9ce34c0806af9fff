import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, runCli } from "./run-node.ts";

export const TITANIC_CSV = join(REPO_ROOT, "..", "shared", "data", "titanic.csv");

/** A private state and cache folder, so tests never share runs, registry or cache by accident. */
export function sandbox(shared: { cacheDir?: string } = {}) {
  const root = mkdtempSync(join(tmpdir(), "sluice-e2e-"));
  const env = { SLUICE_STATE_DIR: join(root, "state"), SLUICE_CACHE_DIR: shared.cacheDir ?? join(root, "cache") };
  return {
    root,
    env,
    sluice: (args: string[], extra: Record<string, string> = {}) => runCli(args, { env: { ...env, ...extra } }),
    runs: () => JSON.parse(runCli(["runs", "--json"], { env }).stdout) as Array<{ id: string; status: string; steps: Array<{ name: string; status: string; reused: boolean; durationMs: number | null }> }>,
    runRecord: (id: string) => JSON.parse(readFileSync(join(env.SLUICE_STATE_DIR, "runs", id, "run.json"), "utf8")),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A copy of an example inside the repository (so `@sluice/dsl` resolves), to edit freely. */
export function copyProject(from: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(REPO_ROOT, "test", ".work-"));
  cpSync(join(REPO_ROOT, from), dir, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes(".sluice") });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const stepStates = (run: { steps: Array<{ name: string; status: string; reused: boolean }> }) =>
  Object.fromEntries(run.steps.map((s) => [s.name, s.reused ? "reused" : s.status]));
