import { inspect } from "node:util";
import { exitCodeFor } from "../cli/exit-codes.ts";
import { fileSystemError } from "./file-system-error.ts";
import { redact } from "./redact.ts";
import { isSluiceError, type SluiceError } from "./sluice-error.ts";

/** Set once a failure has been printed: a second one from the same collapse (a step still writing to a full disk) adds nothing. */
let reported = false;

/** Set by `--json`: a failure is also one JSON line on stdout, which scripts parse. */
let jsonOnStdout = false;

/**
 * `--json` promises a JSON document on stdout whatever happens: a usage error, a missing file or
 * an unforeseen failure is then also `{"type":"error",…}` there (the text form stays on stderr).
 */
export function reportFailuresAsJson(on: boolean): void {
  jsonOnStdout = on;
}

/** Set once a `diagnostics` document has said on stdout why the command fails: an error line would repeat it. */
let describedOnStdout = false;

/** Called by whoever printed a document that already explains the failure (located diagnostics). */
export function failureDescribedOnStdout(): void {
  describedOnStdout = true;
}

/** The failure as `--json` prints it: what kind, the message and hint, and the exit code it ends with. */
export function writeJsonFailure(kind: string, message: string, hint: string | undefined, exitCode: number): void {
  if (!jsonOnStdout || describedOnStdout) return;
  process.stdout.write(`${redact(JSON.stringify({ type: "error", ok: false, kind, message, ...(hint ? { hint } : {}), exitCode }))}\n`);
}

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
    writeJsonFailure(known.kind, known.message, known.hint, exitCodeFor(known.kind));
    return exitCodeFor(known.kind);
  }
  if (process.env.SLUICE_DEBUG) process.stderr.write(`${redact(inspect(error))}\n`);
  const message = `internal error: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`;
  const hint = "this is a bug in Sluice; SLUICE_DEBUG=1 shows where";
  process.stderr.write(redact(`sluice: ${message}\n  hint: ${hint}\n`));
  writeJsonFailure("internal", message, hint, 70);
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
