import { join } from "node:path";
import { ensureDir } from "../../fs/atomic-write.ts";
import { redactLogsUnder } from "../../process/redacting-sink.ts";
import { runProcess, tailLines, type ProcessOutcome } from "../../process/run-process.ts";
import type { LocalNode } from "./local-nodes.ts";
import type { Launch } from "./node-runtime.ts";
import { runtimeOf } from "./node-runtimes.ts";
import type { RunContext } from "./run-context.ts";
export interface StepOutcome {
  status: "completed" | "failed" | "cancelled";
  exitCode?: number | null;
  reason?: string;
  stderrTail?: string[];
  logFile?: string;
  /** Lines the step completed with but the user should see (thin training data, an empty unread output). */
  warnings?: string[];
}

function failure(outcome: ProcessOutcome, timeoutSeconds: number | undefined): string {
  if (outcome.spawnError) return `could not start: ${outcome.spawnError}`;
  if (outcome.timedOut) return `timed out after ${timeoutSeconds}s`;
  if (outcome.signal) return `killed by ${outcome.signal}`;
  return `exit code ${outcome.exitCode}`;
}

/**
 * Runs one node: its commands in order (`&&`), each as an argv with `python` bound to the
 * interpreter chosen for this step, logging to `stdout.log` / `stderr.log` in the step folder.
 */
export async function executeStep(ctx: RunContext, node: LocalNode, outputs: Record<string, string>): Promise<StepOutcome> {
  const stepDir = ctx.stepDir(node.key);
  ensureDir(stepDir);
  for (const dir of Object.values(outputs)) ensureDir(dir);
  const stdoutFile = join(stepDir, "stdout.log");
  const stderrFile = join(stepDir, "stderr.log");
  const runtime = runtimeOf(node);
  let launch: Launch;
  try {
    launch = runtime.launch(ctx, node, stepDir, outputs);
  } catch (error) {
    return { status: "failed", reason: (error as Error).message };
  }
  const python = ctx.interpreters.get(node.key)?.path ?? "python3";
  const deadline = launch.timeoutSeconds === undefined ? undefined : Date.now() + launch.timeoutSeconds * 1000;
  for (const argv of launch.commands) {
    const program = argv[0] === "python" || argv[0] === "python3" ? [python, ...argv.slice(1)] : argv;
    const outcome = await runProcess(program, {
      cwd: launch.cwd,
      env: { ...ctx.env(node.key, node.name), ...runtime.env(node), ...launch.env },
      stdoutFile,
      stderrFile,
      signal: ctx.signal,
      ...(deadline ? { deadline } : {}),
    });
    // A sweep's trial logs are written by its Python runner, not through runProcess's redacting sink.
    redactLogsUnder(join(stepDir, "trials"));
    if (outcome.cancelled) return { status: "cancelled", reason: "cancelled" };
    if (outcome.exitCode !== 0) {
      return {
        status: "failed",
        exitCode: outcome.exitCode,
        reason: failure(outcome, launch.timeoutSeconds),
        stderrTail: tailLines(stderrFile, 12),
        logFile: stderrFile,
      };
    }
  }
  return { status: "completed", exitCode: 0 };
}
