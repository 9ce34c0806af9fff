import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { UNSUPPORTED, unknownKeys } from "./azure-ml-keys.ts";
import { checkPortSpec } from "./port-spec-check.ts";
import { YamlSource } from "./yaml-source.ts";

export { UNSUPPORTED, unknownKeys } from "./azure-ml-keys.ts";

export type Json = Record<string, unknown>;
export const asMap = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** The DSL function giving a step data of each type. */
export const DATA_BUILDERS: Record<string, string> = {
  uri_folder: "dataFolder",
  uri_file: "dataFile",
  mltable: "dataTable",
  custom_model: "dataModel",
  mlflow_model: "dataModel",
};
export const INPUT_BUILDERS: Record<string, string> = {
  string: "string",
  integer: "integer",
  number: "number",
  boolean: "boolean",
  uri_file: "uriFile",
  uri_folder: "uriFolder",
  mltable: "mltable",
  mlflow_model: "mlflowModel",
  custom_model: "customModel",
};
export const OUTPUT_BUILDERS: Record<string, string> = {
  string: "string",
  integer: "integer",
  number: "number",
  boolean: "boolean",
  uri_file: "uriFile",
  uri_folder: "uriFolder",
  mltable: "mltable",
  mlflow_model: "mlflowModel",
  custom_model: "customModel",
};
export const COMPONENT_KEYS = new Set([
  "$schema",
  "type",
  "name",
  "display_name",
  "version",
  "description",
  "inputs",
  "outputs",
  "code",
  "environment",
  "command",
  "is_deterministic",
  "resources",
  "distribution",
  "tags",
]);
export const INPUT_KEYS = new Set(["type", "default", "optional", "min", "max", "enum", "description", "mode"]);

/** A component's `name`, `version`, `display_name` and `description` as option lines (the name defaults to the variable's). */
export function nameLines(spec: Record<string, unknown>, ident: string): string[] {
  const lines = [`  name: ${JSON.stringify(String(spec.name ?? ident))},`];
  for (const [key, option] of [
    ["version", "version"],
    ["display_name", "displayName"],
    ["description", "description"],
  ] as const)
    if (spec[key] !== undefined) lines.push(`  ${option}: ${JSON.stringify(String(spec[key]))},`);
  return lines;
}

/** `{ key: value, … }` with JSON values and bare keys where TypeScript allows them. */
export function objectLiteral(o: Record<string, unknown>): string {
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
  const value = (v: unknown): string =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? objectLiteral(v as Record<string, unknown>) : JSON.stringify(v);
  return `{ ${Object.entries(o)
    .map(([k, v]) => `${key(k)}: ${value(v)}`)
    .join(", ")} }`;
}

/** A component as read from YAML: its declared input and output types, for the steps that use it. */
export interface ImportedComponent {
  ident: string;
  code: string;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
}

/** `./x` for a path from the generated file's folder, as the DSL resolves relative paths. */
export function pathFrom(outDir: string, target: string): string {
  const rel = relative(outDir, target).split("\\").join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

const camelKey = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const RUN_KEYS = {
  resources: ["instance_count", "instance_type", "shm_size"],
  distribution: ["type", "process_count_per_instance", "worker_count", "parameter_server_count"],
} as const;

/**
 * A component's (or a job's) `resources` and `distribution`, in the DSL's camelCase, checked
 * key by key; `at` is where they are in the YAML.
 */
export function runSettingsOf(src: YamlSource, at: string[], spec: Record<string, unknown>): { resources?: Json; distribution?: Json } {
  const out: { resources?: Json; distribution?: Json } = {};
  for (const [key, known] of Object.entries(RUN_KEYS) as Array<[keyof typeof RUN_KEYS, readonly string[]]>) {
    if (spec[key] === undefined) continue;
    // `resources: instance_type="…" instance_count=5` is one string, not settings: never read as none.
    if (typeof spec[key] !== "object" || spec[key] === null || Array.isArray(spec[key]))
      throw src.error(
        [...at, key],
        `${key} must be a mapping of ${known.join(", ")}, not ${Array.isArray(spec[key]) ? "a list" : "text"}`,
        `write each setting on its own line: ${known[0]}: …`,
      );
    const value = asMap(spec[key]);
    unknownKeys(src, [...at, key], value, known);
    out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [camelKey(k), v]));
  }
  if (out.distribution && !["pytorch", "mpi", "tensorflow"].includes(String(out.distribution.type)))
    throw src.error(
      [...at, "distribution", "type"],
      `distribution type '${String(out.distribution.type)}' is not one Azure ML has`,
      "use pytorch, mpi or tensorflow",
    );
  return out;
}

const DATA_TYPES = new Set(["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"]);
const MODES = ["ro_mount", "rw_mount", "download", "upload", "direct", "eval_mount", "eval_download"];

/** A data input's or output's `mode:` is one Azure has; a value input has none. */
export function checkMode(src: YamlSource, path: string[], spec: Record<string, unknown>, data: boolean): void {
  if (spec.mode === undefined) return;
  if (!data) throw src.error([...path, "mode"], "only data inputs and outputs have a mode", "drop mode, or give a data type (uri_folder, uri_file, …)");
  if (!MODES.includes(String(spec.mode)))
    throw src.error([...path, "mode"], `mode '${String(spec.mode)}' is not one Azure ML has`, `use one of: ${MODES.join(", ")}`);
}

function inputSpec(src: YamlSource, path: string[], spec: unknown): string {
  checkPortSpec(src, path, spec, "input");
  const s = (typeof spec === "object" && spec !== null ? spec : {}) as Record<string, unknown>;
  unknownKeys(src, path, s, INPUT_KEYS);
  const builder = INPUT_BUILDERS[String(s.type)];
  if (!builder) throw src.error([...path, "type"], `input type '${String(s.type)}' is not one Azure ML components take`);
  checkMode(src, path, s, DATA_TYPES.has(String(s.type)));
  const { type: _t, ...options } = s;
  return `input.${builder}(${Object.keys(options).length ? objectLiteral(options) : ""})`;
}

/** `environment(…)` for a YAML environment: a reference, a build context, or an image with its conda file. */
export function environmentCode(src: YamlSource, path: string[], env: unknown, baseDir: string, outDir: string): string {
  if (typeof env === "string" && env.startsWith("file:")) {
    const file = environmentFile(src, path, env, baseDir);
    return environmentCode(file.src, [], file.spec, dirname(file.src.file), outDir);
  }
  if (typeof env === "string") return `environment(${JSON.stringify(env.startsWith("azureml://") ? env : env.replace(/^azureml:/, ""))})`;
  const e = (typeof env === "object" && env !== null ? env : {}) as Record<string, unknown>;
  // An inline environment with a name is registered under it (and its version, if given).
  const named = [
    ...(e.name !== undefined ? [`name: ${JSON.stringify(String(e.name))}`] : []),
    ...(e.version !== undefined ? [`version: ${JSON.stringify(String(e.version))}`] : []),
  ];
  if (e.build !== undefined) {
    const build = (typeof e.build === "object" && e.build !== null ? e.build : {}) as Record<string, unknown>;
    unknownKeys(src, path, e, new Set(["build", "name", "version"]));
    unknownKeys(src, [...path, "build"], build, new Set(["path", "dockerfile_path"]));
    if (typeof build.path !== "string") throw src.error([...path, "build"], "a build environment needs a path (the Docker build context)");
    const dockerfile = typeof build.dockerfile_path === "string" ? [`dockerfile: ${JSON.stringify(build.dockerfile_path)}`] : [];
    return `environment({ ${[...named, `build: ${JSON.stringify(pathFrom(outDir, resolve(baseDir, build.path)))}`, ...dockerfile].join(", ")} })`;
  }
  unknownKeys(src, path, e, new Set(["image", "conda_file", "name", "version"]));
  if (typeof e.image !== "string")
    throw src.error(path, "an inline environment needs an image", "write environment: { image: ..., conda_file: ... }, or a registered environment");
  const conda = typeof e.conda_file === "string" ? [`condaFile: ${JSON.stringify(pathFrom(outDir, resolve(baseDir, e.conda_file)))}`] : [];
  return `environment({ ${[...named, `image: ${JSON.stringify(e.image)}`, ...conda].join(", ")} })`;
}

/** The command with `${{inputs.x}}` as `${inputs.x}` inside cmd`…`; everything else escaped as text. */
export function commandCode(command: string): { code: string; uses: string[]; refs: string[] } {
  const uses = new Set<string>();
  const refs = new Set<string>();
  const escaped = command
    .split(/(\$\{\{\s*(?:inputs|outputs)\.[A-Za-z0-9_]+\s*\}\})/)
    .map((part, i) => {
      if (i % 2 === 1) {
        const ref = part.replace(/^\$\{\{\s*|\s*\}\}$/g, "");
        uses.add(ref.split(".")[0] as string);
        refs.add(ref);
        return `\${${ref}}`;
      }
      return part.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
    })
    .join("");
  return { code: `cmd\`${escaped}\``, uses: [...uses].sort(), refs: [...refs].sort() };
}

/** Refuses, at the command, a `${{inputs.x}}` or `${{outputs.y}}` that names nothing declared. */
export function checkCommandRefs(
  src: YamlSource,
  at: string[],
  refs: readonly string[],
  declared: { inputs: object; outputs: object },
  what: string,
  key = "command",
): void {
  for (const ref of refs) {
    const [scope, name] = ref.split(".") as ["inputs" | "outputs", string];
    if (!(name in declared[scope]))
      throw src.error(
        [...at, key],
        `the ${key} ${key === "args" ? "name" : "names"} ${ref}, which the ${what} does not declare`,
        `declare ${scope}.${name}, or fix the name in the ${key}`,
      );
  }
}

/** An output's `is_control`: only a boolean output can be one (Azure's rule), and it is true or false. */
export function controlFlag(src: YamlSource, path: string[], o: Record<string, unknown>): boolean | undefined {
  if (o.is_control === undefined) return undefined;
  if (typeof o.is_control !== "boolean") throw src.error([...path, "is_control"], "is_control is true or false");
  if (o.is_control && o.type !== "boolean")
    throw src.error(
      [...path, "is_control"],
      `a ${String(o.type ?? "uri_folder")} output cannot be a control output`,
      "only a boolean output can be: type: boolean",
    );
  return o.is_control;
}

/** The `inputs: {…}` and `outputs: {…}` option lines of a component at `path`, and their types. */
export function ioSpecs(
  src: YamlSource,
  path: string[],
  spec: Record<string, unknown>,
): { lines: string[]; inputs: Record<string, string>; outputs: Record<string, string> } {
  const inputs = (spec.inputs ?? {}) as Record<string, Record<string, unknown>>;
  const outputs = (spec.outputs ?? {}) as Record<string, Record<string, unknown> | null>;
  const lines: string[] = [];
  const inputLines = Object.entries(inputs).map(([n, s]) => `    ${n}: ${inputSpec(src, [...path, "inputs", n], s)},`);
  if (inputLines.length) lines.push("  inputs: {", ...inputLines, "  },");
  const outputTypes: Record<string, string> = {};
  const outputLines = Object.entries(outputs).map(([n, s]) => {
    checkPortSpec(src, [...path, "outputs", n], s, "output");
    const type = String(s?.type ?? "uri_folder");
    const builder = OUTPUT_BUILDERS[type];
    if (!builder) throw src.error([...path, "outputs", n, "type"], `output type '${type}' is not one Azure ML components write`);
    unknownKeys(src, [...path, "outputs", n], s ?? {}, new Set(["type", "description", "mode", "is_control"]));
    checkMode(src, [...path, "outputs", n], s ?? {}, true);
    const isControl = controlFlag(src, [...path, "outputs", n], s ?? {});
    outputTypes[n] = type;
    const options = Object.fromEntries(Object.entries({ description: s?.description, mode: s?.mode, isControl }).filter(([, v]) => v !== undefined));
    return `    ${n}: output.${builder}(${Object.keys(options).length ? objectLiteral(options) : ""}),`;
  });
  if (outputLines.length) lines.push("  outputs: {", ...outputLines, "  },");
  return { lines, inputs: Object.fromEntries(Object.entries(inputs).map(([n, s]) => [n, String(s?.type)])), outputs: outputTypes };
}

/** `const <ident> = component({...})` for a command component read from YAML at `path`. */
export function importComponent(src: YamlSource, path: string[], ident: string, outDir: string): ImportedComponent {
  const spec = src.value(path) as Record<string, unknown>;
  unknownKeys(src, path, spec, COMPONENT_KEYS);
  if (spec.type !== undefined && spec.type !== "command")
    throw src.error([...path, "type"], `a '${String(spec.type)}' component is not supported by sluice import yet`, UNSUPPORTED);
  if (typeof spec.command !== "string") throw src.error(path, "a command component needs a command");
  const baseDir = dirname(src.file);
  const lines = [`const ${ident} = component({`, `  name: ${JSON.stringify(String(spec.name ?? ident))},`];
  if (spec.display_name !== undefined) lines.push(`  displayName: ${JSON.stringify(String(spec.display_name))},`);
  if (spec.version !== undefined) lines.push(`  version: ${JSON.stringify(String(spec.version))},`);
  if (spec.description !== undefined) lines.push(`  description: ${JSON.stringify(String(spec.description))},`);
  if (typeof spec.code === "string") lines.push(`  code: ${JSON.stringify(pathFrom(outDir, resolve(baseDir, spec.code)))},`);
  lines.push(`  environment: ${environmentCode(src, [...path, "environment"], spec.environment, baseDir, outDir)},`);
  const io = ioSpecs(src, path, spec);
  lines.push(...io.lines);
  const run = runSettingsOf(src, path, spec);
  if (run.resources) lines.push(`  resources: ${objectLiteral(run.resources)},`);
  if (run.distribution) lines.push(`  distribution: ${objectLiteral(run.distribution)},`);
  if (spec.tags !== undefined) lines.push(`  tags: ${objectLiteral(asMap(spec.tags))},`);
  const command = commandCode(spec.command);
  checkCommandRefs(src, path, command.refs, { inputs: io.inputs, outputs: io.outputs }, "component");
  lines.push(`  command: (${command.uses.length ? `{ ${command.uses.join(", ")} }` : ""}) => ${command.code},`);
  if (spec.is_deterministic !== undefined) lines.push(`  isDeterministic: ${JSON.stringify(spec.is_deterministic)},`);
  lines.push("});");
  return { ident, code: lines.join("\n"), inputs: io.inputs, outputs: io.outputs };
}

/**
 * An environment written in its own YAML file (`environment: file:./env.yml`, as `az ml` reads
 * it): its spec, whose paths are relative to that file.
 */
export function environmentFile(src: YamlSource, path: string[], env: string, baseDir: string): { src: YamlSource; spec: Record<string, unknown> } {
  const file = resolve(baseDir, env.slice("file:".length));
  if (!existsSync(file)) throw src.error(path, `the environment file ${env.slice("file:".length)} does not exist`, "the path is relative to this YAML");
  const envSrc = new YamlSource(file);
  const { $schema: _schema, description: _description, ...spec } = asMap(envSrc.value([]));
  return { src: envSrc, spec };
}

/** Azure's rule for job names, which Sluice's pipeline and job names follow (they also name files). */
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;

/**
 * A job's `name` (and `displayName`) from its YAML: the display name when it is a valid job name,
 * else a name made from it (or from the file's name) with the display name kept as written.
 */
export function jobNames(file: string, displayName: unknown): { name: string; displayName?: string } {
  const shown = displayName === undefined ? undefined : String(displayName);
  if (shown !== undefined && JOB_NAME.test(shown)) return { name: shown };
  const base = (shown ?? file.replace(/^.*\//, "").replace(/\.ya?ml$/, "")).replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^[_-]+|_+$/g, "");
  const name = JOB_NAME.test(base) ? base : `job_${base}`.slice(0, 255);
  return shown === undefined ? { name } : { name, displayName: shown };
}
