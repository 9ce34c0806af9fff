/** Exit codes: 0 ok, 1 the pipeline has errors, 2 the command was used wrongly. */
export type ExitCode = 0 | 1 | 2;

/** A problem with how the CLI was called (bad path, bad flag): printed as one line, no stack. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCode } = {}) {
    super(message);
    this.name = "CliError";
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}
