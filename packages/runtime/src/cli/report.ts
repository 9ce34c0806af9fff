import { formatDiagnostics, summarize, type Diagnostic } from "@sluice/compiler";

/** Prints diagnostics to stderr (located, with hints) and says whether any was an error. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[]): boolean {
  if (diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(diagnostics, process.cwd())}\n`);
  return diagnostics.some((d) => d.severity === "error");
}

export function reportSummary(diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length > 0) process.stderr.write(`${summarize(diagnostics)}\n`);
}
