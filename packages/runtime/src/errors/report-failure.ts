import { inspect } from "node:util";
import { exitCodeFor } from "../cli/exit-codes.ts";
import { fileSystemError } from "./file-system-error.ts";
import { redact } from "./redact.ts";
import { isSluiceError, type SluiceError } from "./sluice-error.ts";

/** Set once a failure has been printed: a second one from the same collapse (a step still writing to a full disk) adds nothing. */
let reported = false;

/** The one-line explanation of a failure Sluice foresaw (its own errors, file-system refusals), else undefined. */
export function knownFailure(error: unknown): SluiceError | undefined {
  return isSluiceError(error) ? error : fileSystemError(error);
}

/**
 * Prints a failure the way every command does and returns its exit code: one line and a hint,
 * secrets redacted; a failure Sluice did not foresee is a bug (exit 70), its stack shown only
 * with `SLUICE_DEBUG=1`.
 */
export function reportFailure(error: unknown): number {
  reported = true;
  const known = knownFailure(error);
  if (known) {
    process.stderr.write(redact(`sluice: ${known.message}\n${known.hint ? `  hint: ${known.hint}\n` : ""}`));
    return exitCodeFor(known.kind);
  }
  if (process.env.SLUICE_DEBUG) process.stderr.write(`${redact(inspect(error))}\n`);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(redact(`sluice: internal error: ${message.split("\n")[0]}\n  hint: this is a bug in Sluice; SLUICE_DEBUG=1 shows where\n`));
  return 70;
}

/**
 * The last resort for an error thrown where no command awaits it (a timer, a stream, a queued
 * task): the same one line and exit code as any other failure, never Node's stack dump.
 */
export function installLastResort(): void {
  const fatal = (error: unknown) => {
    if (!reported) process.exitCode = reportFailure(error);
    else if (process.env.SLUICE_DEBUG) process.stderr.write(`${redact(inspect(error))}\n`);
    process.exit(process.exitCode ?? 70);
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
}
