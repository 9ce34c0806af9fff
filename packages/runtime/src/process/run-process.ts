import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { redact } from "../errors/redact.ts";
import { guardGroup, releaseGroup } from "./orphan-guard.ts";
import { RedactingSink } from "./redacting-sink.ts";

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The process could not start (e.g. the executable does not exist). */
  spawnError?: string;
}

export interface ProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Log files; both are appended to, so several commands of one step share them. */
  stdoutFile: string;
  stderrFile: string;
  /** Absolute time (ms since epoch) after which the process group is stopped. */
  deadline?: number;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL. */
  graceMs?: number;
}

/**
 * How long output may keep flowing after the program exits: a background process it started
 * outside its group can hold the pipe open forever, and must not hold the step.
 */
const DRAIN_MS = 2000;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs one program with an argv (never a shell) in its own process group, so a timeout or
 * Ctrl-C stops it and everything it started: SIGTERM first, SIGKILL after a grace period. The
 * group is also named to the orphan guard, and the program is told this process's id
 * (SLUICE_PARENT_PID, read by python/parent_watch.py), so it dies with Sluice even on SIGKILL.
 * Its output reaches the log files through {@link RedactingSink}, so no secret it prints is stored.
 */
export function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessOutcome> {
  const out = new RedactingSink(options.stdoutFile);
  const err = new RedactingSink(options.stderrFile);
  return new Promise((resolveOutcome) => {
    let timedOut = false;
    let cancelled = false;
    const timers: NodeJS.Timeout[] = [];
    const env = { ...options.env, SLUICE_PARENT_PID: String(process.pid) };
    const child = spawn(argv[0] as string, argv.slice(1), { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    out.attach(child.stdout);
    err.attach(child.stderr);
    if (child.pid) guardGroup(child.pid);
    const stop = () => {
      if (!child.pid) return;
      killGroup(child.pid, "SIGTERM");
      timers.push(setTimeout(() => killGroup(child.pid as number, "SIGKILL"), options.graceMs ?? 5000));
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (options.deadline !== undefined) {
      timers.push(
        setTimeout(
          () => {
            timedOut = true;
            stop();
          },
          Math.max(0, options.deadline - Date.now()),
        ),
      );
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    let finished = false;
    const finish = async (outcome: ProcessOutcome) => {
      if (finished) return;
      finished = true;
      if (child.pid) releaseGroup(child.pid);
      for (const t of timers) clearTimeout(t);
      options.signal?.removeEventListener("abort", onAbort);
      await drained(child, DRAIN_MS);
      await Promise.all([out.end(), err.end()]);
      resolveOutcome(outcome);
    };
    child.on("error", (error) => void finish({ exitCode: null, signal: null, timedOut, cancelled, spawnError: error.message }));
    child.on("exit", (exitCode, signal) => void finish({ exitCode, signal, timedOut, cancelled }));
  });
}

/** Resolves when the child's output pipes have closed, or after `ms` (their readers are then stopped). */
function drained(child: ChildProcess, ms: number): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((s): s is NonNullable<typeof s> => s !== null);
  const open = streams.filter((s) => !s.readableEnded && !s.destroyed);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const s of open) s.destroy();
      resolve();
    }, ms);
    let left = open.length;
    for (const s of open)
      s.once("close", () => {
        left -= 1;
        if (left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
  });
}

/**
 * The last lines of a log file, for showing a failure without opening anything: they go to the
 * terminal, `--json` events and the run record, so a token a script printed is redacted.
 */
export function tailLines(file: string, count: number): string[] {
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0) return [];
  const text = readFileSync(file, "utf8").slice(-16_384);
  return redact(text.trimEnd()).split("\n").slice(-count);
}
