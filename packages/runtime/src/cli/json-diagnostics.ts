import { relative, sep } from "node:path";
import type { Diagnostic } from "@sluice/compiler";
import { failureDescribedOnStdout } from "../errors/report-failure.ts";

/** A diagnostic as `--json` prints it: the location flattened, the file as the text form shows it. */
export function diagnosticJson(d: Diagnostic, cwd = process.cwd()) {
  const rel = relative(cwd, d.location.file);
  const file = rel.startsWith("..") || rel === "" ? d.location.file : rel.split(sep).join("/");
  return { severity: d.severity, code: d.code, message: d.message, hint: d.hint, file, line: d.location.line, column: d.location.column, path: d.path };
}

/**
 * `--json` promises a JSON document on stdout even when nothing could run: scripts parse stdout,
 * so a pipeline that fails to load or compile is one line `{"type":"diagnostics",...}` there
 * (the text form still goes to stderr for whoever watches).
 */
export function writeJsonDiagnostics(diagnostics: readonly Diagnostic[]): void {
  const ok = !diagnostics.some((d) => d.severity === "error");
  if (!ok) failureDescribedOnStdout();
  process.stdout.write(`${JSON.stringify({ type: "diagnostics", ok, diagnostics: diagnostics.map((d) => diagnosticJson(d)) })}\n`);
}
