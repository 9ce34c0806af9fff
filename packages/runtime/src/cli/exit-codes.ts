import type { ErrorKind } from "../errors/sluice-error.ts";
import type { RunStatus } from "../runs/run-record.ts";

/**
 * The CLI's exit codes, the one place they are chosen (the README lists them): 0 ok (warnings
 * allowed), 1 the pipeline has errors or its run failed, 2 misuse, 3 the environment lacks
 * something, 4 Azure refused or failed, 130 cancelled.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 130;

const BY_KIND: Record<ErrorKind, ExitCode> = { pipeline: 1, run: 1, usage: 2, environment: 3, azure: 4, cancelled: 130 };

export function exitCodeFor(kind: ErrorKind): ExitCode {
  return BY_KIND[kind];
}

/** How a finished run ends the command. */
export function exitCodeForRun(status: RunStatus): ExitCode {
  if (status === "completed") return 0;
  return status === "cancelled" ? 130 : 1;
}
