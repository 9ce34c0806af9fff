import { type ChildProcess, spawn } from "node:child_process";

/**
 * The guard: a tiny process in a session of its own that holds the read end of a pipe from this
 * one. Sluice names each process group it starts on the pipe (`+pgid`, `-pgid` once reaped).
 * When this process dies in any way, SIGKILL included, the kernel closes the pipe; the guard
 * reads end-of-file and stops every group still named (SIGTERM, then SIGKILL after 2 s). Node
 * has no PR_SET_PDEATHSIG; this is how a step started by a killed `sluice run` dies with it.
 */
const GUARD = `
const groups = new Set();
let pending = "";
const signal = (name) => { for (const g of groups) { try { process.kill(-g, name); } catch {} } };
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  pending += chunk;
  for (let i = pending.indexOf("\\n"); i >= 0; i = pending.indexOf("\\n")) {
    const line = pending.slice(0, i);
    pending = pending.slice(i + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line[0] === "+") groups.add(pgid);
    else groups.delete(pgid);
  }
});
process.stdin.on("end", () => {
  if (groups.size === 0) process.exit(0);
  signal("SIGTERM");
  setTimeout(() => { signal("SIGKILL"); process.exit(0); }, 2000);
});
`;

let guard: ChildProcess | undefined;

function started(): ChildProcess | undefined {
  if (guard?.stdin?.writable) return guard;
  try {
    guard = spawn(process.execPath, ["--max-old-space-size=16", "-e", GUARD], { stdio: ["pipe", "ignore", "ignore"], detached: true });
  } catch {
    return undefined;
  }
  // The guard never keeps this process alive, and a guard that died is simply started again.
  guard.on("error", () => {});
  guard.stdin?.on("error", () => {});
  guard.unref();
  (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return guard;
}

/** Names a process group (a step, an engine) the guard stops should this process die first. */
export function guardGroup(pgid: number): void {
  started()?.stdin?.write(`+${pgid}\n`);
}

/** The group ended normally: its id may be reused, so the guard forgets it. */
export function releaseGroup(pgid: number): void {
  if (guard?.stdin?.writable) guard.stdin.write(`-${pgid}\n`);
}
