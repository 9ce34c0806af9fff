import { type ChildProcess, spawn } from "node:child_process";

/**
 * The guard: a tiny process in a session of its own that holds the read end of a pipe from this
 * one. Sluice names each process group it starts on the pipe (`+ pgid`, `- pgid` once reaped).
 * When this process dies in any way, SIGKILL included, the kernel closes the pipe; the guard
 * reads end-of-file and stops every group still named (SIGTERM, then SIGKILL after 2 s). Node
 * has no PR_SET_PDEATHSIG; this is how a step started by a killed `sluice run` dies with it.
 *
 * It is POSIX sh (1.5 MB and no measurable start-up; a Node guard costs 45 MB and 40 ms of CPU).
 * The program below is a constant: no value from outside is ever part of it. Group ids arrive
 * on stdin, written only by this module, and anything but digits is skipped.
 */
const GUARD = `
groups=
while read -r op pgid; do
  case $pgid in ''|*[!0-9]*) continue ;; esac
  if [ "$op" = + ]; then groups="$groups $pgid"; continue; fi
  kept=
  for g in $groups; do [ "$g" = "$pgid" ] || kept="$kept $g"; done
  groups=$kept
done
[ -n "$groups" ] || exit 0
for g in $groups; do kill -TERM "-$g" 2>/dev/null; done
sleep 2
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
`;

let guard: ChildProcess | undefined;

function started(): ChildProcess | undefined {
  if (guard?.stdin?.writable) return guard;
  try {
    guard = spawn("/bin/sh", ["-c", GUARD], { stdio: ["pipe", "ignore", "ignore"], detached: true });
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
  started()?.stdin?.write(`+ ${pgid}\n`);
}

/** The group ended normally: its id may be reused, so the guard forgets it. */
export function releaseGroup(pgid: number): void {
  if (guard?.stdin?.writable) guard.stdin.write(`- ${pgid}\n`);
}
