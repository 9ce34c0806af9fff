import { DIAGNOSTIC_CODES, type DiagnosticCode, type SourceLocation } from "@sluice/dsl/ir";

export type Severity = "error" | "warning";

/**
 * One user mistake: where it was made (the builder call site), which step, what is wrong and
 * how to fix it. Codes are stable (SL1xx errors, SL5xx warnings) so scripts can match them.
 */
export interface Diagnostic {
  severity: Severity;
  /** A code of the table (docs/diagnostics.md), or a TypeScript error code from `sluice check`. */
  code: DiagnosticCode | `TS${number}`;
  message: string;
  hint: string;
  location: SourceLocation;
  /** `pipeline/step`, or just `pipeline` for pipeline-wide problems. */
  path: string;
}

/** Collects diagnostics across passes; one pass's findings never stop the next. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  /** Reports a code from the table; its severity comes from the table, never from the call site. */
  report(code: DiagnosticCode, at: { location: SourceLocation; path: string }, message: string, hint: string): void {
    this.items.push({ severity: DIAGNOSTIC_CODES[code].severity, code, message, hint, ...at });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }

  /** Source order, so the output reads top to bottom like the pipeline file. */
  sorted(): Diagnostic[] {
    return [...this.items].sort(
      (a, b) =>
        a.location.file.localeCompare(b.location.file) ||
        a.location.line - b.location.line ||
        a.location.column - b.location.column ||
        a.code.localeCompare(b.code) ||
        a.message.localeCompare(b.message),
    );
  }
}
