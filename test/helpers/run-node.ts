import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
/**
 * The shared sample data and SDK reference (`../shared`), linked as `.shared` by the bootstrap.
 * Mutation testing runs the tests in a copy of the checkout without it (.stryker-tmp/sandbox-…):
 * there it is the original checkout's.
 */
export const SHARED_DIR = existsSync(`${REPO_ROOT}/.shared`) ? `${REPO_ROOT}/.shared` : `${REPO_ROOT.replace(/\/\.stryker-tmp\/sandbox-[^/]+$/, "")}/.shared`;

/** Runs a TypeScript entry point in a fresh Node process (what users get), from the repo root. */
export function runNode(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The Sluice CLI, as `npm run -s sluice -- <args>` runs it. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runNode([`${REPO_ROOT}/packages/runtime/src/cli/main.ts`, ...args], options);
}
