// Writes the code table of docs/diagnostics.md from DIAGNOSTIC_CODES (the one source of truth).
// `npm run docs:diagnostics`; test/docs-reference.test.ts fails when the file is out of date.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DIAGNOSTIC_CODES } from "@sluice/dsl/ir";

export const DIAGNOSTICS_DOC = fileURLToPath(new URL("../docs/diagnostics.md", import.meta.url));

/** The markdown table, one row per code, warnings marked. */
export function diagnosticsTable(): string {
  const rows = Object.entries(DIAGNOSTIC_CODES).map(([code, d]) => `| ${code} | ${d.severity === "warning" ? "warning: " : ""}${d.when} |`);
  return ["| code | when |", "| --- | --- |", ...rows].join("\n");
}

/** The document with its table replaced (the prose around it is kept). */
export function renderDiagnosticsDoc(current: string): string {
  const start = current.indexOf("| code | when |");
  if (start < 0) throw new Error("docs/diagnostics.md has no '| code | when |' table");
  const rest = current.slice(start);
  const end = rest.search(/\n(?!\|)/);
  return `${current.slice(0, start)}${diagnosticsTable()}${end < 0 ? "\n" : rest.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const next = renderDiagnosticsDoc(readFileSync(DIAGNOSTICS_DOC, "utf8"));
  writeFileSync(`${DIAGNOSTICS_DOC}.tmp`, next);
  renameSync(`${DIAGNOSTICS_DOC}.tmp`, DIAGNOSTICS_DOC);
}
