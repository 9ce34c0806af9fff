import { checkValues, kindOf } from "./azure-ml-keys.ts";
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
  type Json,
  objectLiteral,
  OUTPUT_BUILDERS,
  pathFrom,
  runSettingsOf,
  UNSUPPORTED,
  unknownKeys,
} from "./import-component.ts";
import type { YamlSource } from "./yaml-source.ts";

import { type ImportContext, jobPath, type JobScope, outputRef } from "./import-scope.ts";

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
  const outputs = inlineOutputs(scope, path, j);
  const lines: string[] = [];
  if (j.description !== undefined) lines.push(`// ${String(j.description).split("\n").join(" ")}`);
  if (typeof j.code === "string") lines.push(`code: ${JSON.stringify(pathFrom(ctx.outDir, resolve(baseDir, j.code)))},`);
  lines.push(`environment: ${environmentCode(src, [...path, "environment"], j.environment, baseDir, ctx.outDir)},`);
  lines.push(...outputLines(ctx, outputs));
  const command = commandCode(j.command);
  checkCommandRefs(src, path, command.refs, { inputs: asMap(j.inputs), outputs }, "job");
  lines.push(`command: (${command.uses.length ? `{ ${command.uses.join(", ")} }` : ""}) => ${command.code},`);
  return { component: { ident: "commandStep", code: "", inputs: {}, outputs }, lines };
}

/**
 * The outputs a job written on the node declares, by type: the `type:` it gives, or the type of
 * the pipeline output it is bound to (`${{parent.outputs.x}}`), else uri_folder.
 */
/** A job's output is its settings (a mapping), a `${{parent.outputs.…}}` binding, or empty; a list or a number is neither. */
export function checkOutputValue(src: YamlSource, path: string[], value: unknown): void {
  if (value === null || typeof value === "string" || (typeof value === "object" && !Array.isArray(value))) return;
  throw src.error(path, `an output is a mapping of its settings or a \${{parent.outputs.<name>}} binding, not ${kindOf(value)}`);
}

export function inlineOutputs(scope: JobScope, path: string[], j: Json): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(asMap(j.outputs))) {
    checkOutputValue(scope.src, [...path, "outputs", name], value);
    const bound = boundOutput(value);
    const type = String(asMap(value).type ?? (bound !== undefined ? scope.outputSettings(bound).type : undefined) ?? "uri_folder");
    if (!OUTPUT_BUILDERS[type]) throw scope.src.error([...path, "outputs", name, "type"], `output type '${type}' is not one Azure ML jobs write`);
    outputs[name] = type;
  }
  return outputs;
}

/** The `outputs: { … }` option lines declaring them. */
export function outputLines(ctx: ImportContext, outputs: Record<string, string>): string[] {
  if (Object.keys(outputs).length === 0) return [];
  ctx.used.add("output");
  return ["outputs: {", ...Object.entries(outputs).map(([n, t]) => `  ${n}: output.${OUTPUT_BUILDERS[t]}(),`), "},"];
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
  path: string[] = [...jobPath(scope, job), "inputs", name],
): string {
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
      return outputRef(ctx, v, upstream[2] as string);
    }
    if (value.includes("${{")) throw src.error(path, `the binding '${value}' is not supported by sluice import yet`, UNSUPPORTED);
  }
  if (typeof value === "object" && value !== null) {
    const d = asMap(value);
    unknownKeys(src, path, d, ["type", "path", "mode"]);
    // A binding written with a mode of its own (`{ path: ${{parent.jobs.x.outputs.y}}, mode: direct }`).
    if (typeof d.path === "string" && d.path.includes("${{")) {
      checkMode(src, path, d, true);
      const bound = inputValue(ctx, scope, job, name, d.path, jobVars, declared, [...path, "path"]);
      return d.mode === undefined ? bound : `${bound}.readAs(${JSON.stringify(d.mode)})`;
    }
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

/**
 * The pipeline output a node output is bound to: `${{parent.outputs.x}}`, or the same written as
 * the `path` of an output that states its type (`{ type: uri_file, path: ${{parent.outputs.x}} }`,
 * which the SDK sends as the binding).
 */
export function boundOutput(value: unknown): string | undefined {
  const text = typeof value === "string" ? value : typeof asMap(value).path === "string" ? (asMap(value).path as string) : undefined;
  return text === undefined ? undefined : /^\$\{\{\s*parent\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(text)?.[1];
}

/** Node outputs: bound to parent outputs (returned) or declared with a mode or path here. */
export function outputSettings(scope: JobScope, job: string, component: ImportedComponent): string[] {
  const out: string[] = [];
  const src = scope.src;
  for (const [name, value] of Object.entries(asMap(src.value([...jobPath(scope, job), "outputs"])))) {
    const path = [...jobPath(scope, job), "outputs", name];
    if (!(name in component.outputs)) throw src.error(path, `the component has no output '${name}'`);
    checkOutputValue(src, path, value);
    let settings = asMap(value);
    const bound = boundOutput(value);
    if (bound !== undefined) {
      const { type: written, path: _p, ...extra } = asMap(value);
      unknownKeys(src, path, extra, []);
      scope.exposed.set(bound, [job, name]);
      settings = { ...scope.outputSettings(bound), ...(written !== undefined ? { type: written } : {}) };
    } else if (typeof value === "string") throw src.error(path, `the binding '${value}' is not supported by sluice import yet`, UNSUPPORTED);
    else if (value === null) continue;
    checkValues(src, path, settings, ["type"]);
    const { type, ...rest } = settings;
    if (type !== undefined && type !== component.outputs[name])
      throw src.error(path, `type '${String(type)}' differs from the component's '${component.outputs[name]}'`);
    unknownKeys(src, path, rest, ["mode", "path", "name", "version"]);
    checkMode(src, path, rest, true);
    if (bound === undefined || Object.keys(rest).length > 0) out.push(`${name}: ${Object.keys(rest).length ? objectLiteral(rest) : "{}"},`);
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
  if (j.services !== undefined) lines.push(`services: ${servicesCode(src, [...at, "services"], j.services)},`);
  return lines;
}

const SERVICE_TYPES = ["vs_code", "jupyter_lab", "tensor_board", "ssh"];
const SERVICE_KEYS: Record<string, string> = {
  type: "type",
  log_dir: "logDir",
  ssh_public_keys: "sshPublicKeys",
  nodes: "nodes",
  port: "port",
  properties: "properties",
};

/** `services:` (interactive VS Code, JupyterLab, TensorBoard, SSH) as the DSL's option, each checked where it stands. */
function servicesCode(src: YamlSource, at: string[], services: unknown): string {
  if (typeof services !== "object" || services === null || Array.isArray(services))
    throw src.error(at, "services must be a mapping of named services", "write services: { my_vscode: { type: vs_code } }");
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(services)) {
    const s = asMap(value);
    unknownKeys(src, [...at, name], s, Object.keys(SERVICE_KEYS));
    if (!SERVICE_TYPES.includes(String(s.type)))
      throw src.error([...at, name, "type"], `service type '${String(s.type)}' is not one Azure ML opens`, `use one of: ${SERVICE_TYPES.join(", ")}`);
    if (s.nodes !== undefined && s.nodes !== "all") throw src.error([...at, name, "nodes"], "nodes can only be 'all'", "write nodes: all, or leave it out");
    out[name] = Object.fromEntries(Object.entries(s).map(([k, v]) => [SERVICE_KEYS[k] as string, v]));
  }
  return objectLiteral(out);
}
