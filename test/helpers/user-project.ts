// A project of a user's own, outside this repository, with Sluice installed from the packed
// tarballs exactly as the README tells users to (used by the end-to-end test and the bench).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./run-node.ts";

export interface UserProject {
  root: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  sh: (command: string, args: string[], cwd?: string) => { status: number | null; stdout: string; stderr: string; all: string };
}

/** The environment a user's shell would have: Node ≥ 22 (this one) first, none of Sluice's own variables. */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`, npm_config_loglevel: "error" };
  for (const key of Object.keys(env)) if (key.startsWith("SLUICE_") || key.startsWith("AZURE") || key === "INIT_CWD") delete env[key];
  return env;
}

/** Packs Sluice, then `npm init -y` and `npm install <tarballs>` in a fresh folder under the OS temp dir. */
export function installIntoNewProject(name: string): UserProject & { tarballs: string[] } {
  const root = mkdtempSync(join(tmpdir(), "sluice-user-"));
  const dir = join(root, name);
  const env = userEnv();
  const sh = (command: string, args: string[], cwd = dir) => {
    const r = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
  };
  const must = (r: ReturnType<typeof sh>, what: string) => {
    if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.all}`);
    return r;
  };
  const packed = must(sh(process.execPath, [join(REPO_ROOT, "scripts/pack.ts"), join(root, "tarballs")], REPO_ROOT), "npm run pack");
  const tarballs = packed.stdout.trim().split("\n");
  mkdirSync(dir);
  must(sh("npm", ["init", "-y"]), "npm init -y");
  must(sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs]), "npm install");
  return { root, dir, env, sh, tarballs };
}
