import { flattenPlan, type Diagnostic } from "@sluice/compiler";
import { compileIR } from "../compile-ir.ts";
import { findPipelineFiles } from "../../load/find-pipeline-files.ts";
import { loadPipelines } from "../../load/load-pipelines.ts";
import { projectDiagnostics } from "../../load/project-checks.ts";
import { typeCheckFile } from "../../typecheck/type-check.ts";
import { staleComponentTypes } from "../../types/component-types.ts";
import type { ExitCode } from "../exit-codes.ts";
import { reportDiagnostics, reportSummary } from "../report.ts";
import { counted } from "../../progress/counted.ts";
import { diagnosticJson } from "../json-diagnostics.ts";

/** The one line `check` ends with when nothing is wrong. */
function verdict(checked: Array<{ name: string; steps: number }>, warnings: number): string {
  const steps = checked.reduce((n, c) => n + c.steps, 0);
  const what =
    checked.length === 1
      ? `${checked[0]?.name}: ${counted(steps, "step")}`
      : `${checked.length} pipelines (${checked.map((c) => c.name).join(", ")}): ${counted(steps, "step")}`;
  return `${what}, ${warnings === 0 ? "no problems" : `${counted(warnings, "warning")}`}\n`;
}

/**
 * Whether TypeScript already reported this Sluice diagnostic's mistake, at the property itself
 * and with what was meant: a misspelled option (SL008, TS2353/TS2561 "'x' does not exist in
 * type") or a primary metric of another task (SL117, TS2322 "Type '"x"' is not assignable").
 */
function typeScriptSaidIt(d: Diagnostic, types: readonly Diagnostic[]): boolean {
  const option = d.code === "SL008" ? /^unknown option '(?:[\w.]*\.)?(\w+)'/.exec(d.message)?.[1] : undefined;
  const metric = d.code === "SL117" ? /^primary metric '([^']+)'/.exec(d.message)?.[1] : undefined;
  if (option === undefined && metric === undefined) return false;
  return types.some(
    (t) =>
      t.severity === "error" &&
      t.location.file === d.location.file &&
      t.location.line >= d.location.line &&
      (option !== undefined
        ? /^TS(2353|2561)$/.test(t.code) && t.message.includes(`'${option}' does not exist in type`)
        : t.code === "TS2322" && t.message.includes(`Type '"${metric}"' is not assignable`)),
  );
}

/**
 * `sluice check <file|folder>`: TypeScript errors (ts-morph), option checks and every graph
 * check; writes nothing. Ends with one verdict: the diagnostics and their count, or one line.
 */
export async function checkCommand(target: string, options: { types: boolean; json?: boolean }): Promise<ExitCode> {
  const all: Diagnostic[] = [];
  const checked: Array<{ name: string; steps: number }> = [];
  for (const file of findPipelineFiles(target)) {
    const types = options.types ? await typeCheckFile(file) : [];
    const stale = staleComponentTypes(file);
    if (stale)
      all.push({
        severity: "warning",
        code: "SL502",
        message: `the types of the components this file loads are not generated: ${stale}`,
        hint: "run `sluice types` (and again after editing a component YAML) so wrong input names are TypeScript errors",
        location: { file, line: 1, column: 1 },
        path: "pipeline",
      });
    const loaded = await loadPipelines(file);
    // One report per mistake: a file Node cannot parse gets its one located error, not TypeScript's
    // recovery errors as well; a load error TypeScript reported at the same place (an import of a
    // name the DSL lacks) is TypeScript's, which says what was meant.
    const at = (d: Diagnostic) => `${d.location.line}:${d.location.column}`;
    const typed = new Set(types.map(at));
    const load = loaded.diagnostics.filter((d) => loaded.unparsable || d.code !== "SL100" || !typed.has(at(d)));
    const typeErrors = loaded.unparsable ? [] : types;
    // A misspelled option or metric TypeScript reported at the property is not said twice.
    const sameAsTypes = (d: Diagnostic) => !typeScriptSaidIt(d, typeErrors);
    all.push(...typeErrors, ...load.filter(sameAsTypes));
    for (const { ir } of loaded.pipelines) {
      const result = compileIR(ir);
      all.push(...result.diagnostics.filter(sameAsTypes));
      if (result.ok) all.push(...projectDiagnostics(file, ir, result.model));
      // Steps as a run counts them: a pipeline component's steps, not the component.
      if (result.ok) checked.push({ name: ir.name, steps: flattenPlan(result.model).nodes.length });
    }
  }
  if (options.json) {
    const ok = !all.some((d) => d.severity === "error");
    process.stdout.write(`${JSON.stringify({ type: "check", ok, pipelines: checked, diagnostics: all.map((d) => diagnosticJson(d)) }, null, 2)}\n`);
  }
  const failed = reportDiagnostics(all);
  if (failed) {
    reportSummary(all);
    return 1;
  }
  if (!options.json) process.stdout.write(verdict(checked, all.length));
  return 0;
}
