import type { DiagnosticCode } from "../ir/diagnostic-codes.ts";

/** A place in a pipeline file. */
export interface DefinitionLocation {
  /** The pipeline file's path. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/**
 * A mistake in a pipeline file found while building it (before any IR exists). Carries the
 * user's call site and a fix, so the CLI prints a located diagnostic instead of a stack trace.
 */
export class SluiceDefinitionError extends Error {
  /** The diagnostic code (`SL001`…), listed in docs/diagnostics.md. */
  readonly code: string;
  /** @internal The same code, typed against the table. */
  readonly tableCode: DiagnosticCode;
  /** Where in the pipeline file the mistake is: `{ file, line, column }`. */
  readonly location: DefinitionLocation;
  /** How to fix it. */
  readonly hint: string;
  /** `pipeline/step` the mistake belongs to, when known. */
  readonly stepPath: string | undefined;
  /** Further mistakes found in the same pipeline (all of them are reported, not only the first). */
  readonly others: readonly SluiceDefinitionError[];

  /** @internal */
  constructor(args: {
    code: DiagnosticCode;
    message: string;
    hint: string;
    location: DefinitionLocation;
    stepPath?: string;
    others?: readonly SluiceDefinitionError[];
  }) {
    super(args.message);
    this.name = "SluiceDefinitionError";
    this.code = args.code;
    this.tableCode = args.code;
    this.location = args.location;
    this.hint = args.hint;
    this.stepPath = args.stepPath;
    this.others = args.others ?? [];
  }
}

/** Whether a value is a {@link SluiceDefinitionError}, also one thrown by another copy of this package. */
export function isSluiceDefinitionError(value: unknown): value is SluiceDefinitionError {
  return value instanceof Error && value.name === "SluiceDefinitionError" && "location" in value;
}
