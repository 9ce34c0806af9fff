import { readFileSync } from "node:fs";
import { nearest } from "../project/project-root.ts";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import * as dsl from "@sluice/dsl";
import { isPipeline, isSluiceDefinitionError, setComponentFileLoader, type Pipeline } from "@sluice/dsl";
import { componentFileLoader } from "../import/component-yaml.ts";
import { loadErrorPosition } from "./load-error-location.ts";
import { sluiceNotInstalled } from "./missing-package.ts";
import { closestName } from "../config/closest-name.ts";
import type { PipelineIR } from "@sluice/dsl/ir";
import type { Diagnostic } from "@sluice/compiler";

export interface LoadedPipeline {
  exportName: string;
  ir: PipelineIR;
}

/** `unparsable`: Node could not parse the file (a TypeScript check would only repeat that error). */
export type LoadResult = { file: string; pipelines: LoadedPipeline[]; diagnostics: Diagnostic[]; unparsable?: boolean };

function definitionDiagnostics(error: unknown, file: string): Diagnostic[] {
  if (!isSluiceDefinitionError(error)) return [definitionDiagnostic(error, file)];
  return [error, ...(error.others ?? [])].map((e) => ({
    severity: "error",
    // A copy of the DSL from before the code table has only `code`.
    code: (e.tableCode ?? e.code) as Diagnostic["code"],
    message: e.message,
    hint: e.hint,
    location: e.location,
    path: e.stepPath ?? "pipeline",
  }));
}

/**
 * What the user should do about an error thrown while Node loaded the file. `thrown`: the file's
 * own code threw it (a frame names the file), so a SyntaxError is `JSON.parse` and the like at
 * run time, not a file that does not parse.
 */
function loadFailure(err: Error, thrown: boolean): { message: string; hint: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX")
    return {
      message: `the pipeline file uses TypeScript Node cannot run: ${err.message}`,
      hint: "Node runs pipeline files by stripping types: use a union of strings or an object instead of an enum or namespace",
    };
  const missing = /The requested module '([^']+)' does not provide an export named '([^']+)'/.exec(err.message);
  if (missing) {
    const name = missing[2] as string;
    // Builders are camelCase and classes PascalCase: prefer a name of the same kind.
    const sameCase = Object.keys(dsl).filter((k) => (k[0] === k[0]?.toUpperCase()) === (name[0] === name[0]?.toUpperCase()));
    const guess = missing[1] === "@sluice/dsl" ? closestName(name, sameCase) : undefined;
    return {
      message: `the pipeline file imports '${missing[2]}', which ${missing[1]} does not export`,
      hint: guess ? `did you mean '${guess}'?` : `import a name ${missing[1]} exports`,
    };
  }
  if (err.name === "SyntaxError" && !thrown) return { message: `the pipeline file does not parse: ${err.message}`, hint: "fix the syntax at this position" };
  return {
    message: `loading the pipeline file failed: ${err.name === "Error" ? "" : `${err.name}: `}${err.message}`,
    hint: "fix the error at this line (set SLUICE_DEBUG=1 to see the full stack)",
  };
}

/** The stack frame of the file's own code that threw `err`; none when Node could not parse the file. */
function fileFrame(err: Error, file: string): string | undefined {
  return (err.stack ?? "").split("\n").find((l) => /^\s+at /.test(l) && l.includes(pathToFileURL(file).href));
}

/** A load error at the position Node knew: the file's own stack frame, else Node's snippet. */
function definitionDiagnostic(error: unknown, file: string): Diagnostic {
  const err = error instanceof Error ? error : new Error(String(error));
  const frame = fileFrame(err, file);
  const match = frame ? /:(\d+):(\d+)\)?\s*$/.exec(frame) : null;
  const position = match ? { line: Number(match[1]), column: Number(match[2]) } : loadErrorPosition(err, file);
  return {
    severity: "error",
    code: "SL100",
    ...loadFailure(err, frame !== undefined),
    location: { file, line: position?.line ?? 1, column: position?.column ?? 1 },
    path: "pipeline",
  };
}

/** The nearest package.json at or above a file, and its `type`. */
function packageType(file: string): { pkg: string; type: unknown } | undefined {
  const dir = nearest(dirname(file), "package.json");
  if (!dir) return undefined;
  const pkg = join(dir, "package.json");
  try {
    return { pkg, type: (JSON.parse(readFileSync(pkg, "utf8")) as { type?: unknown }).type };
  } catch {
    return undefined; // Node reports a broken package.json itself, as a load error
  }
}

/**
 * Node loads a `.ts` file as CommonJS when the nearest package.json says `"type": "commonjs"`
 * (what `npm init -y` writes), and pipeline files use `import`: say so before Node fails with a
 * bare SyntaxError and a warning.
 */
function commonJsDiagnostic(file: string): Diagnostic | undefined {
  if (!file.endsWith(".ts")) return undefined;
  const found = packageType(file);
  if (found?.type !== "commonjs") return undefined;
  return {
    severity: "error",
    code: "SL007",
    message: `the pipeline file would load as CommonJS: ${found.pkg} has "type": "commonjs", and pipeline files are ES modules`,
    hint: `set "type": "module" in ${found.pkg} (or keep pipelines in a folder with its own package.json that does)`,
    location: { file, line: 1, column: 1 },
    path: "pipeline",
  };
}

/**
 * Imports a pipeline file (Node strips its types, keeping positions exact) and synthesizes
 * every exported pipeline. Mistakes become located diagnostics instead of stack traces.
 */
export async function loadPipelines(file: string): Promise<LoadResult> {
  const commonJs = commonJsDiagnostic(file);
  if (commonJs) return { file, pipelines: [], diagnostics: [commonJs] };
  let module: Record<string, unknown>;
  setComponentFileLoader(componentFileLoader());
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    if (process.env.SLUICE_DEBUG) console.error(error);
    const notInstalled = sluiceNotInstalled(error);
    if (notInstalled) throw notInstalled;
    const unparsable = error instanceof Error && error.name === "SyntaxError" && !/requested module/.test(error.message) && !fileFrame(error, file);
    return { file, pipelines: [], diagnostics: definitionDiagnostics(error, file), unparsable };
  }
  const pipelines: LoadedPipeline[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [exportName, value] of Object.entries(module).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isPipeline(value)) continue;
    try {
      pipelines.push({ exportName, ir: (value as Pipeline).toIR() });
    } catch (error) {
      diagnostics.push(...definitionDiagnostics(error, file));
    }
  }
  if (pipelines.length === 0 && diagnostics.length === 0) {
    diagnostics.push({
      severity: "error",
      code: "SL006",
      message: "the file exports no pipeline",
      hint: "add `export default pipeline({ name: ... }, () => { ... })`",
      location: { file, line: 1, column: 1 },
      path: "pipeline",
    });
  }
  return { file, pipelines, diagnostics };
}
