import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO_ROOT, runCli, SHARED_DIR } from "./run-node.ts";

export const TITANIC_CSV = join(SHARED_DIR, "data", "titanic.csv");

/** A private state and cache folder, so tests never share runs, registry or cache by accident. */
export function sandbox(shared: { cacheDir?: string } = {}) {
  const root = mkdtempSync(join(tmpdir(), "sluice-e2e-"));
  const env = { SLUICE_STATE_DIR: join(root, "state"), SLUICE_CACHE_DIR: shared.cacheDir ?? join(root, "cache") };
  return {
    root,
    env,
    sluice: (args: string[], extra: Record<string, string> = {}) => runCli(args, { env: { ...env, ...extra } }),
    runs: () =>
      JSON.parse(runCli(["runs", "--json"], { env }).stdout) as Array<{
        id: string;
        status: string;
        steps: Array<{ name: string; status: string; reused: boolean; durationMs: number | null }>;
      }>,
    runRecord: (id: string) => JSON.parse(readFileSync(join(env.SLUICE_STATE_DIR, "runs", id, "run.json"), "utf8")),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
    /** Starts `sluice run` in the background (to kill or interrupt it). */
    start: (file: string, extra: Record<string, string> = {}): ChildProcess =>
      spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "run", file], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, ...extra },
        stdio: "ignore",
      }),
    /** Resolves once the newest run shows `step` running (polls run.json for up to 30 s). */
    waitForRunning: async (step: string): Promise<void> => {
      const runsDir = join(env.SLUICE_STATE_DIR, "runs");
      for (let i = 0; i < 300; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const id = existsSync(runsDir) ? readdirSync(runsDir).sort().at(-1) : undefined;
        // The run folder appears before its first record is written (atomically): until then, wait.
        const record = id ? join(runsDir, id, "run.json") : undefined;
        const run = record && existsSync(record) ? JSON.parse(readFileSync(record, "utf8")) : undefined;
        if (run?.steps.some((s: { name: string; status: string }) => s.name === step && s.status === "running")) return;
      }
      throw new Error(`step ${step} never started`);
    },
  };
}

/**
 * A copy of an example inside the repository (so `@sluice/dsl` resolves), to edit freely;
 * `file(name)` is a pipeline file in it, as the CLI (run from the repository root) takes it.
 */
export function copyProject(from: string): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(REPO_ROOT, "test", ".work-"));
  cpSync(join(REPO_ROOT, from), dir, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes(".sluice") });
  return { dir, file: (name) => relative(REPO_ROOT, join(dir, name)), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const stepStates = (run: { steps: Array<{ name: string; status: string; reused: boolean }> }) =>
  Object.fromEntries(run.steps.map((s) => [s.name, s.reused ? "reused" : s.status]));
