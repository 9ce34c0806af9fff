import type { SourceLocation } from "../ir/schema.ts";

/**
 * A mistake in a pipeline file found while building it (before any IR exists). Carries the
 * user's call site and a fix, so the CLI prints a located diagnostic instead of a stack trace.
 */
export class SluiceDefinitionError extends Error {
  readonly code: string;
  readonly location: SourceLocation;
  readonly hint: string;
  readonly stepPath: string | undefined;

  constructor(args: { code: string; message: string; hint: string; location: SourceLocation; stepPath?: string }) {
    super(args.message);
    this.name = "SluiceDefinitionError";
    this.code = args.code;
    this.location = args.location;
    this.hint = args.hint;
    this.stepPath = args.stepPath;
  }
}

export function isSluiceDefinitionError(value: unknown): value is SluiceDefinitionError {
  return value instanceof Error && value.name === "SluiceDefinitionError" && "location" in value;
}
