import type { ImportedComponent, Json } from "./import-component.ts";
import type { YamlSource } from "./yaml-source.ts";

/** The DSL names the file imports, and words JavaScript reserves in a module. */
export const RESERVED = new Set([
  ...["cmd", "component", "dataFile", "dataFolder", "dataTable", "environment", "input", "localFiles", "output", "pipeline", "pipelineComponent"],
  ...["pipelineParameter", "inputs", "sweepStep", "sweepJob", "webFiles", "commandStep", "commandJob", "dataModel", "autoMLStep", "automlJob"],
  ...["ifElse", "doWhile", "parallelFor", "parallelComponent", "sparkComponent", "loadComponent"],
  ...["choice", "randint", "uniform", "loguniform", "quniform", "qloguniform", "normal", "lognormal", "qnormal", "qlognormal"],
  ...["arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "eval"],
  ...["export", "extends", "false", "finally", "for", "function", "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null"],
  ...["package", "private", "protected", "public", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void"],
  ...["while", "with", "yield", "undefined", "NaN", "Infinity"],
]);

export const stripAzureml = (v: string) => v.replace(/^azureml:/, "");

/** What the whole import shares: the generated file's folder, components already written, names taken. */
export interface ImportContext {
  outDir: string;
  components: Map<string, ImportedComponent>;
  /** Each component's code, in order; a function for one written once every node is read (an inferred interface). */
  componentCode: Array<string | (() => string)>;
  used: Set<string>;
  taken: Set<string>;
  /** A step variable → its outputs' names in the DSL where they differ from Azure's (AutoML's `best_model` is `bestModel`). */
  outputNames?: Map<string, Record<string, string>>;
}

/** `step.outputs.port` in the DSL's spelling of that step's port. */
export function outputRef(ctx: ImportContext, variable: string, port: string): string {
  return `${variable}.outputs.${ctx.outputNames?.get(variable)?.[port] ?? port}`;
}

/** One `jobs:` section (a pipeline's or a pipeline component's) and what its `${{parent…}}` bindings mean. */
export interface JobScope {
  src: YamlSource;
  /** Parent input name → the TypeScript expression for it. */
  vars: Map<string, string>;
  /** Settings (mode, path) of a parent output, when the parent declares them. */
  outputSettings(name: string): Json;
  /** Parent output name → [job, output] it is bound to. */
  exposed: Map<string, [string, string]>;
  /** Indentation of the body's statements. */
  indent: string;
  /** Where a job's keys are in the YAML: `jobs.<name>` in a pipeline, the top level for a standalone job. */
  jobPath?: (job: string) => string[];
  /** Each job read so far → its outputs' types (what a later registered component is inferred from). */
  outputTypes?: Map<string, Record<string, string>>;
}

export const jobPath = (scope: JobScope, job: string) => scope.jobPath?.(job) ?? ["jobs", job];

export function identifier(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^(\d)/, "_$1");
  let ident = RESERVED.has(base) ? `${base}_` : base;
  while (taken.has(ident)) ident = `${ident}_`;
  taken.add(ident);
  return ident;
}

export function camel(name: string): string {
  return name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")).replace(/^[A-Z]/, (c) => c.toLowerCase()) || "component";
}
