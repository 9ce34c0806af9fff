import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isLocalUri } from "@sluice/compiler";
import {
  asMap,
  checkCommandRefs,
  checkMode,
  commandCode,
  DATA_BUILDERS,
  environmentCode,
  type ImportedComponent,
  importComponent,
  ioSpecs,
  type Json,
  objectLiteral,
  OUTPUT_BUILDERS,
  pathFrom,
  runSettingsOf,
  UNSUPPORTED,
  unknownKeys,
} from "./import-component.ts";
import { SWEEP_KEYS, sweepOptionLines } from "./import-sweep.ts";
import { YamlSource } from "./yaml-source.ts";

const JOB_KEYS = new Set(["type", "component", "compute", "inputs", "outputs", "display_name", "resources", "distribution", "limits", "environment_variables"]);
/** A command job written on the node (`command:`, `code:`, `environment:` under `jobs.<name>`), as the SDK's `command()` builder writes it. */
const INLINE_JOB_KEYS = new Set([...JOB_KEYS, "command", "code", "environment", "description"]);
const PIPELINE_JOB_KEYS = new Set(["type", "component", "compute", "inputs", "outputs", "display_name"]);
const SWEEP_JOB_KEYS = new Set(["type", "trial", "compute", "inputs", "outputs", "display_name", ...SWEEP_KEYS]);
const PIPELINE_COMPONENT_KEYS = new Set(["$schema", "type", "name", "display_name", "version", "description", "inputs", "outputs", "jobs"]);
/** The DSL names the file imports, and words JavaScript reserves in a module. */
export const RESERVED = new Set([
  ...["cmd", "component", "dataFile", "dataFolder", "dataTable", "environment", "input", "localFiles", "output", "pipeline", "pipelineComponent"],
  ...["pipelineParameter", "inputs", "sweepStep", "sweepJob", "webFiles", "commandStep", "commandJob", "dataModel"],
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
  componentCode: string[];
  used: Set<string>;
  taken: Set<string>;
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
}

const jobPath = (scope: JobScope, job: string) => scope.jobPath?.(job) ?? ["jobs", job];

export function identifier(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^(\d)/, "_$1");
  let ident = RESERVED.has(base) ? `${base}_` : base;
  while (taken.has(ident)) ident = `${ident}_`;
  taken.add(ident);
  return ident;
}

function camel(name: string): string {
  return name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")).replace(/^[A-Z]/, (c) => c.toLowerCase()) || "component";
}

/** `const x = pipelineComponent({...}, ({ inputs }) => {...})` for a pipeline component YAML. */
function importPipelineComponent(ctx: ImportContext, src: YamlSource, ident: string): ImportedComponent {
  const spec = asMap(src.value([]));
  unknownKeys(src, [], spec, PIPELINE_COMPONENT_KEYS);
  const io = ioSpecs(src, [], spec);
  const options = [`  name: ${JSON.stringify(String(spec.name ?? ident))},`];
  for (const [key, option] of [
    ["version", "version"],
    ["display_name", "displayName"],
    ["description", "description"],
  ] as const)
    if (spec[key] !== undefined) options.push(`  ${option}: ${JSON.stringify(String(spec[key]))},`);
  const scope: JobScope = {
    src,
    vars: new Map(Object.keys(io.inputs).map((n) => [n, `inputs.${n}`])),
    outputSettings: () => ({}),
    exposed: new Map(),
    indent: "    ",
  };
  const body = emitJobs(ctx, scope);
  for (const name of Object.keys(io.outputs)) if (!scope.exposed.has(name)) throw src.error(["outputs", name], "no job writes this output");
  const returned = [...scope.exposed].map(([name, [job, output]]) => `      ${name}: ${body.vars.get(job)}.outputs.${output},`);
  ctx.used.add("pipelineComponent");
  const code = [
    `const ${ident} = pipelineComponent(`,
    "  {",
    ...[...options, ...io.lines].map((l) => `  ${l}`),
    "  },",
    `  (${Object.keys(io.inputs).length ? "{ inputs }" : ""}) => {`,
    ...body.lines,
    "    return {",
    ...returned,
    "    };",
    "  },",
    ");",
  ].join("\n");
  return { ident, code, inputs: io.inputs, outputs: io.outputs };
}

/** The component a job runs: a file next to the YAML (`./x.yml`, `file:./x.yml`) or inline. */
function componentOf(ctx: ImportContext, scope: JobScope, job: string, kind: "command" | "pipeline", key = "component"): ImportedComponent {
  const path = [...jobPath(scope, job), key];
  const value = scope.src.value(path);
  if (typeof value === "string") {
    if (/^azureml:/.test(value))
      throw scope.src.error(
        path,
        `registered component '${value}' cannot be imported: its inputs and outputs are not in the YAML`,
        `import its YAML file instead, or write it as registeredComponent(${JSON.stringify(value)}, { inputs: {…}, outputs: {…} })`,
      );
    const file = resolve(dirname(scope.src.file), value.replace(/^file:/, ""));
    const known = ctx.components.get(file);
    if (known) return known;
    // Located in the job YAML that names it, not a bare "cannot read …: ENOENT".
    const found = statSync(file, { throwIfNoEntry: false });
    if (!found?.isFile())
      throw scope.src.error(
        path,
        `${key} file '${value}' ${found ? "is a folder" : "does not exist"} (looked for ${file})`,
        "the path is relative to this YAML file: fix it",
      );
    const src = new YamlSource(file);
    const spec = asMap(src.value([]));
    const type = String(spec.type ?? "command");
    if (type !== kind) throw src.error(["type"], `job '${job}' is a ${kind} job, but this is a '${type}' component`, `give the job type: ${type}`);
    const ident = identifier(camel(String(spec.name ?? job)), ctx.taken);
    const imported = kind === "pipeline" ? importPipelineComponent(ctx, src, ident) : importComponent(src, [], ident, ctx.outDir);
    ctx.components.set(file, imported);
    ctx.componentCode.push(imported.code);
    return imported;
  }
  if (typeof value === "object" && value !== null && kind === "command") {
    const imported = importComponent(scope.src, path, identifier(camel(String(asMap(value).name ?? job)), ctx.taken), ctx.outDir);
    ctx.componentCode.push(imported.code);
    return imported;
  }
  throw scope.src.error(path, `a ${kind} job needs a component`, `give ${key}: ./component.yml`);
}

/**
 * A command job written on the node becomes `commandStep({...})`: its inputs' types are the
 * values' (as the SDK infers them), its outputs are declared from the node's `outputs:` (a type,
 * else uri_folder), and the command, code and environment are the node's own.
 */
export function inlineCommand(ctx: ImportContext, scope: JobScope, job: string, j: Json): { component: ImportedComponent; lines: string[] } {
  const src = scope.src;
  const path = jobPath(scope, job);
  if (typeof j.command !== "string") throw src.error(path, "a command job needs a command", "give command: python train.py …");
  if (j.environment === undefined) throw src.error(path, "a command job needs an environment", "give environment: azureml:<name>:<version>, or an image");
  const baseDir = dirname(src.file);
  ctx.used.add("commandStep");
  ctx.used.add("environment");
  ctx.used.add("cmd");
  const outputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(asMap(j.outputs))) {
    // Bound to a pipeline output (`${{parent.outputs.x}}`), the output has the type that output declares.
    const bound = typeof value === "string" ? /^\$\{\{\s*parent\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value)?.[1] : undefined;
    const declared = bound !== undefined ? scope.outputSettings(bound) : asMap(value);
    const type = String(declared.type ?? "uri_folder");
    if (!OUTPUT_BUILDERS[type]) throw src.error([...path, "outputs", name, "type"], `output type '${type}' is not one Azure ML commands write`);
    outputs[name] = type;
  }
  const lines: string[] = [];
  if (j.description !== undefined) lines.push(`// ${String(j.description).split("\n").join(" ")}`);
  if (typeof j.code === "string") lines.push(`code: ${JSON.stringify(pathFrom(ctx.outDir, resolve(baseDir, j.code)))},`);
  lines.push(`environment: ${environmentCode(src, [...path, "environment"], j.environment, baseDir, ctx.outDir)},`);
  if (Object.keys(outputs).length) {
    ctx.used.add("output");
    lines.push("outputs: {", ...Object.entries(outputs).map(([n, t]) => `  ${n}: output.${OUTPUT_BUILDERS[t]}(),`), "},");
  }
  const command = commandCode(j.command);
  checkCommandRefs(src, path, command.refs, { inputs: asMap(j.inputs), outputs }, "job");
  lines.push(`command: (${command.uses.length ? `{ ${command.uses.join(", ")} }` : ""}) => ${command.code},`);
  return { component: { ident: "commandStep", code: "", inputs: {}, outputs }, lines };
}

/** The TypeScript for one node input value. */
export function inputValue(
  ctx: ImportContext,
  scope: JobScope,
  job: string,
  name: string,
  value: unknown,
  jobVars: Map<string, string>,
  declared?: string,
): string {
  const path = [...jobPath(scope, job), "inputs", name];
  const src = scope.src;
  if (typeof value === "string") {
    const parent = /^\$\{\{\s*parent\.inputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
    if (parent) {
      const v = scope.vars.get(parent[1] as string);
      if (!v) throw src.error(path, `the pipeline has no input '${parent[1]}'`);
      return v;
    }
    const upstream = /^\$\{\{\s*parent\.jobs\.([A-Za-z0-9_]+)\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
    if (upstream) {
      const v = jobVars.get(upstream[1] as string);
      if (!v) throw src.error(path, `there is no job '${upstream[1]}'`);
      return `${v}.outputs.${upstream[2]}`;
    }
    if (value.includes("${{")) throw src.error(path, `the binding '${value}' is not supported by sluice import yet`, UNSUPPORTED);
  }
  if (typeof value === "object" && value !== null) {
    const d = asMap(value);
    unknownKeys(src, path, d, ["type", "path", "mode"]);
    const builder = DATA_BUILDERS[String(d.type ?? "uri_folder")];
    if (!builder || typeof d.path !== "string")
      throw src.error(path, "data given to a job needs a type (uri_folder, uri_file, mltable, custom_model, mlflow_model) and a path");
    checkMode(src, path, d, true);
    ctx.used.add(builder);
    const where = isLocalUri(d.path) ? pathFrom(ctx.outDir, resolve(dirname(src.file), d.path)) : d.path;
    // A model says which kind it is (custom_model is dataModel's default).
    const options = { ...(d.type === "mlflow_model" ? { type: d.type } : {}), ...(d.mode ? { mode: d.mode } : {}) };
    return `${builder}(${JSON.stringify(where)}${Object.keys(options).length ? `, ${objectLiteral(options)}` : ""})`;
  }
  // A number or boolean given to a string input is its text, as Azure receives every literal.
  if (declared === "string" && (typeof value === "number" || typeof value === "boolean")) return JSON.stringify(String(value));
  return JSON.stringify(value);
}

/** Node outputs: bound to parent outputs (returned) or declared with a mode or path here. */
export function outputSettings(scope: JobScope, job: string, component: ImportedComponent): string[] {
  const out: string[] = [];
  const src = scope.src;
  for (const [name, value] of Object.entries(asMap(src.value([...jobPath(scope, job), "outputs"])))) {
    const path = [...jobPath(scope, job), "outputs", name];
    if (!(name in component.outputs)) throw src.error(path, `the component has no output '${name}'`);
    let settings = asMap(value);
    if (typeof value === "string") {
      const bound = /^\$\{\{\s*parent\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
      if (!bound) throw src.error(path, `the binding '${value}' is not supported by sluice import yet`, UNSUPPORTED);
      scope.exposed.set(bound[1] as string, [job, name]);
      settings = scope.outputSettings(bound[1] as string);
    } else if (value === null) continue;
    const { type, ...rest } = settings;
    if (type !== undefined && type !== component.outputs[name])
      throw src.error(path, `type '${String(type)}' differs from the component's '${component.outputs[name]}'`);
    unknownKeys(src, path, rest, ["mode", "path", "name", "version"]);
    checkMode(src, path, rest, true);
    if (typeof value !== "string" || Object.keys(rest).length > 0) out.push(`${name}: ${Object.keys(rest).length ? objectLiteral(rest) : "{}"},`);
  }
  return out;
}

/** `resources`, `distribution`, `limits.timeout` and `environment_variables` as step options. */
export function runSettings(src: YamlSource, at: string[], j: Json): string[] {
  const lines: string[] = [];
  const run = runSettingsOf(src, at, j);
  if (run.resources) lines.push(`resources: ${objectLiteral(run.resources)},`);
  if (run.distribution) lines.push(`distribution: ${objectLiteral(run.distribution)},`);
  if (j.limits !== undefined) {
    const limits = asMap(j.limits);
    unknownKeys(src, [...at, "limits"], limits, ["timeout"]);
    if (limits.timeout !== undefined) lines.push(`timeoutSeconds: ${JSON.stringify(limits.timeout)},`);
  }
  if (j.environment_variables !== undefined) lines.push(`environmentVariables: ${objectLiteral(asMap(j.environment_variables))},`);
  return lines;
}

/** Jobs in an order where each comes after the jobs it reads from. */
function jobOrder(src: YamlSource, jobs: Json): string[] {
  const deps = new Map(
    Object.entries(jobs).map(([k, j]) => [
      k,
      [...JSON.stringify(asMap(j).inputs ?? {}).matchAll(/parent\.jobs\.([A-Za-z0-9_]+)\./g)].map((m) => m[1] as string),
    ]),
  );
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (k: string) => {
    if (order.includes(k)) return;
    if (visiting.has(k)) throw src.error(["jobs", k], "the jobs read each other's outputs in a cycle");
    visiting.add(k);
    for (const d of deps.get(k) ?? []) if (jobs[d] !== undefined) visit(d);
    order.push(k);
  };
  for (const k of Object.keys(jobs)) visit(k);
  return order;
}

/** A job's compute: a name, or a parent input it is bound to. */
function computeCode(scope: JobScope, job: string, compute: string): string {
  const bound = /^\$\{\{\s*parent\.inputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(compute);
  if (!bound) return JSON.stringify(stripAzureml(compute));
  const v = scope.vars.get(bound[1] as string);
  if (!v) throw scope.src.error(["jobs", job, "compute"], `the pipeline has no input '${bound[1]}'`);
  return v;
}

/** The statements creating each job of a `jobs:` section as a step, and the variable naming each. */
export function emitJobs(ctx: ImportContext, scope: JobScope): { lines: string[]; vars: Map<string, string> } {
  const src = scope.src;
  const jobs = asMap(src.value(["jobs"]));
  const jobVars = new Map<string, string>();
  const lines: string[] = [];
  const at = (line: string) => `${scope.indent}${line}`;
  for (const job of jobOrder(src, jobs)) {
    const j = asMap(jobs[job]);
    // Without `type:` Azure ML reads a command job, as the SDK does.
    const type = j.type ?? "command";
    if (type !== "command" && type !== "pipeline" && type !== "sweep")
      throw src.error(["jobs", job, "type"], `a '${String(type)}' job is not supported by sluice import yet`, UNSUPPORTED);
    const inline = type === "command" && j.component === undefined && j.command !== undefined ? inlineCommand(ctx, scope, job, j) : undefined;
    unknownKeys(src, ["jobs", job], j, type === "pipeline" ? PIPELINE_JOB_KEYS : type === "sweep" ? SWEEP_JOB_KEYS : inline ? INLINE_JOB_KEYS : JOB_KEYS);
    const component = inline?.component ?? (type === "sweep" ? componentOf(ctx, scope, job, "command", "trial") : componentOf(ctx, scope, job, type));
    const inputs = Object.entries(asMap(j.inputs)).map(([n, v]) => at(`    ${n}: ${inputValue(ctx, scope, job, n, v, jobVars, component.inputs[n])},`));
    const outputs = outputSettings(scope, job, component).map((l) => at(`    ${l}`));
    const ident = identifier(job, ctx.taken);
    jobVars.set(job, ident);
    if (type === "sweep") {
      ctx.used.add("sweepStep");
      lines.push(at(`const ${ident} = sweepStep({`), at(`  name: ${JSON.stringify(job)},`), at(`  trial: ${component.ident},`));
    } else lines.push(at(`const ${ident} = ${component.ident}({`), at(`  name: ${JSON.stringify(job)},`));
    if (j.display_name !== undefined) lines.push(at(`  displayName: ${JSON.stringify(String(j.display_name))},`));
    if (typeof j.compute === "string") lines.push(at(`  compute: ${computeCode(scope, job, j.compute)},`));
    if (inputs.length) lines.push(at("  inputs: {"), ...inputs, at("  },"));
    if (inline) lines.push(...inline.lines.map((l) => at(`  ${l}`)));
    if (outputs.length) lines.push(at(`  ${inline ? "outputSettings" : "outputs"}: {`), ...outputs, at("  },"));
    const settings = type === "sweep" ? sweepOptionLines(src, ["jobs", job], j, ctx.used) : runSettings(src, ["jobs", job], j);
    lines.push(...settings.map((l) => at(`  ${l}`)), at("});"));
  }
  return { lines, vars: jobVars };
}
