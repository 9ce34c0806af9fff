import { relative, sep } from "node:path";
import type { SourceLocation } from "@sluice/dsl/ir";
import type { Diagnostic } from "./diagnostic.ts";

/** `file:line:col`, the file relative to `cwd` when it lies below it (clickable in terminals). */
export function formatLocation(location: SourceLocation, cwd: string): string {
  const rel = relative(cwd, location.file);
  const file = rel.startsWith("..") || rel === "" ? location.file : rel.split(sep).join("/");
  return `${file}:${location.line}:${location.column}`;
}

/** `file:line:col [pipeline/step] CODE message` then an indented `hint:` line. */
export function formatDiagnostic(d: Diagnostic, cwd: string): string {
  const prefix = d.severity === "warning" ? "warning: " : "";
  return `${formatLocation(d.location, cwd)} [${d.path}] ${d.code} ${prefix}${d.message}\n  hint: ${d.hint}`;
}

export function formatDiagnostics(list: readonly Diagnostic[], cwd: string): string {
  return list.map((d) => formatDiagnostic(d, cwd)).join("\n");
}

export function summarize(list: readonly Diagnostic[]): string {
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
