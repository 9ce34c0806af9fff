/**
 * Who has to act on a failure, which is what the CLI's exit code tells scripts:
 * - `usage`: how Sluice was called (a bad flag value, a file, run or model that does not exist);
 * - `pipeline`: the pipeline file has errors;
 * - `run`: the pipeline ran and a step failed;
 * - `cancelled`: the run was cancelled (Ctrl-C, `sluice cancel`);
 * - `environment`: this machine lacks something (Python packages, Node, a network);
 * - `azure`: Azure refused (sign-in, permissions, quota) or failed.
 */
export type ErrorKind = "usage" | "pipeline" | "run" | "cancelled" | "environment" | "azure";

/**
 * A failure Sluice explains in one line (plus a hint): raised anywhere below the CLI, which
 * alone turns its kind into an exit code and prints it. Never a stack trace.
 */
export class SluiceError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  /** Where in a file the problem is, with the message without its location (for diagnostics). */
  readonly located: { file: string; line: number; column: number; message: string } | undefined;

  constructor(kind: ErrorKind, message: string, options: { hint?: string | undefined; located?: SluiceError["located"] } = {}) {
    super(message);
    this.name = "SluiceError";
    this.kind = kind;
    this.hint = options.hint;
    this.located = options.located;
  }
}

export function isSluiceError(value: unknown): value is SluiceError {
  return value instanceof SluiceError;
}
