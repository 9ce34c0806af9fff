import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { environment, isSluiceDefinitionError, SluiceDefinitionError } from "@sluice/dsl";
import type { ComponentInputIR, ComponentIR, EnvironmentIR, ParallelComponentIR, SourceLocation, SparkComponentIR } from "@sluice/dsl/ir";
import { isSluiceError } from "../errors/sluice-error.ts";
import {
  asMap,
  checkMode,
  COMPONENT_KEYS,
  environmentFile,
  INPUT_BUILDERS,
  INPUT_KEYS,
  OUTPUT_BUILDERS,
  runSettingsOf,
  UNSUPPORTED,
  unknownKeys,
  controlFlag,
} from "./import-component.ts";
import { readSparkParts, SPARK_COMPONENT_KEYS } from "./spark-yaml.ts";
import { readParallelYaml } from "./parallel-yaml.ts";
import { YamlSource } from "./yaml-source.ts";
import { kindOf } from "./azure-ml-keys.ts";
import { checkPortSpec } from "./port-spec-check.ts";
import { promptFlowKind } from "./job-yaml.ts";

const INPUT_TYPES = new Set(Object.keys(INPUT_BUILDERS));
const OUTPUT_TYPES = new Set(Object.keys(OUTPUT_BUILDERS));

function inputOf(src: YamlSource, path: string[], value: unknown): ComponentInputIR {
  checkPortSpec(src, path, value, "input");
  const spec = asMap(value);
  unknownKeys(src, path, spec, INPUT_KEYS);
  if (!INPUT_TYPES.has(String(spec.type))) throw src.error([...path, "type"], `input type '${String(spec.type)}' is not one Azure ML components take`);
  checkMode(src, path, spec, !["string", "number", "integer", "boolean"].includes(String(spec.type)));
  const input: ComponentInputIR = { type: spec.type as ComponentInputIR["type"] };
  if (spec.optional !== undefined) input.optional = spec.optional === true;
  if (["string", "number", "boolean"].includes(typeof spec.default)) input.default = spec.default as string;
  for (const key of ["min", "max"] as const) if (spec[key] !== undefined) input[key] = Number(spec[key]);
  if (Array.isArray(spec.enum)) input.enum = spec.enum.map(String);
  if (typeof spec.description === "string") input.description = spec.description;
  if (typeof spec.mode === "string") input.mode = spec.mode as ComponentInputIR["mode"];
  return input;
}

/** The environment as `az ml` reads it: a reference string, or an image with a conda file beside the YAML. */
function environmentOf(src: YamlSource, value: unknown, at: SourceLocation): EnvironmentIR {
  if (typeof value === "string" && value.startsWith("file:")) {
    // Its paths are relative to its own file; the IR's are relative to the component's.
    const file = environmentFile(src, ["environment"], value, dirname(src.file));
    const ir = environmentOf(file.src, { ...file.spec }, at);
    const rebase = (p: string) => relative(dirname(src.file), resolve(dirname(file.src.file), p)) || ".";
    if (ir.type === "image" && ir.condaFile !== undefined) return { ...ir, condaFile: rebase(ir.condaFile) };
    if (ir.type === "build") return { ...ir, path: rebase(ir.path) };
    return ir;
  }
  if (typeof value === "string") return environment(value.startsWith("azureml://") ? value : value.replace(/^azureml:/, "")).ir;
  const spec = asMap(value);
  // An inline environment with a name is registered under it (and its version, if given).
  const named = { ...(spec.name !== undefined ? { name: String(spec.name) } : {}), ...(spec.version !== undefined ? { version: String(spec.version) } : {}) };
  if (spec.build !== undefined) {
    const build = asMap(spec.build);
    unknownKeys(src, ["environment"], spec, ["build", "name", "version"]);
    unknownKeys(src, ["environment", "build"], build, ["path", "dockerfile_path"]);
    if (typeof build.path !== "string") throw src.error(["environment", "build"], "a build environment needs a path (the Docker build context)");
    const dockerfile = typeof build.dockerfile_path === "string" ? { dockerfile: build.dockerfile_path } : {};
    return { type: "build", path: build.path, ...dockerfile, ...named, definedAt: at };
  }
  unknownKeys(src, ["environment"], spec, ["image", "conda_file", "name", "version"]);
  if (typeof spec.image !== "string")
    throw src.error(["environment"], "an inline environment needs an image", "write environment: { image: ..., conda_file: ... }");
  return { type: "image", image: spec.image, ...(typeof spec.conda_file === "string" ? { condaFile: spec.conda_file } : {}), ...named, definedAt: at };
}

/** A Spark component YAML as IR: its entry, arguments, shipped files and configuration instead of a command. */
function readSparkYaml(src: YamlSource, spec: Record<string, unknown>, base: Omit<ComponentIR, "command" | "environment">): SparkComponentIR {
  unknownKeys(src, [], spec, SPARK_COMPONENT_KEYS);
  const ir: SparkComponentIR = { ...base, type: "spark", ...readSparkParts(src, [], spec, "component") };
  if (spec.environment !== undefined) ir.environment = environmentOf(src, spec.environment, base.definedAt);
  return ir;
}

/** A command (or Spark) component YAML as IR; paths in it (code, conda file) stay relative to the YAML file. */
export function readComponentYaml(file: string): ComponentIR | SparkComponentIR | ParallelComponentIR {
  const src = new YamlSource(file);
  const spec = asMap(src.value([]));
  const flow = promptFlowKind(file, spec);
  if (flow)
    throw src.error(
      [],
      `this is a prompt ${flow === "run" ? "flow run" : "flow"}, which loadComponent cannot load yet`,
      "Sluice has no prompt-flow components: write the flow's work as a command or parallel component",
    );
  if (spec.type === "spark") return readSparkYaml(src, spec, commonOf(src, spec, file));
  if (spec.type === "parallel") return readParallelYaml(src, spec, commonOf(src, spec, file), (v, at) => environmentOf(src, v, at));
  unknownKeys(src, [], spec, COMPONENT_KEYS);
  if ((spec.type ?? "command") !== "command") throw src.error(["type"], `a '${String(spec.type)}' component cannot be loaded yet`, UNSUPPORTED);
  if (typeof spec.command !== "string") throw src.error(["command"], "a command component needs a command");
  const base = commonOf(src, spec, file);
  const ir: ComponentIR = { ...base, command: spec.command, environment: environmentOf(src, spec.environment, base.definedAt) };
  Object.assign(ir, runSettingsOf(src, [], spec));
  return ir;
}

/** A version: text, or a number YAML read from `version: 1` (as the SDK takes it); nothing else. */
function versionOf(src: YamlSource, path: string[], value: unknown): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw src.error(path, `must be a string or a number, not ${kindOf(value)}`);
}

/** What every component YAML says the same way: name, version, texts, code, interface, tags. */
function commonOf(src: YamlSource, spec: Record<string, unknown>, file: string): Omit<ComponentIR, "command" | "environment"> {
  if (typeof spec.name !== "string") throw src.error(["name"], "a component needs a name");
  const ir: Omit<ComponentIR, "command" | "environment"> = {
    name: spec.name,
    inputs: Object.fromEntries(Object.entries(asMap(spec.inputs)).map(([n, v]) => [n, inputOf(src, ["inputs", n], v)])),
    outputs: Object.fromEntries(Object.entries(asMap(spec.outputs)).map(([n, v]) => [n, outputOf(src, ["outputs", n], v)])),
    definedAt: { file, line: 1, column: 1 },
  };
  if (spec.version !== undefined) ir.version = versionOf(src, ["version"], spec.version);
  if (typeof spec.display_name === "string") ir.displayName = spec.display_name;
  if (typeof spec.description === "string") ir.description = spec.description;
  if (typeof spec.code === "string") ir.code = spec.code;
  if (typeof spec.is_deterministic === "boolean") ir.isDeterministic = spec.is_deterministic;
  if (spec.tags !== undefined) ir.tags = Object.fromEntries(Object.entries(asMap(spec.tags)).map(([k, v]) => [k, String(v)]));
  return ir;
}

function outputOf(src: YamlSource, path: string[], value: unknown): ComponentIR["outputs"][string] {
  checkPortSpec(src, path, value, "output");
  const o = asMap(value);
  unknownKeys(src, path, o, ["type", "description", "mode", "is_control"]);
  const type = String(o.type ?? "uri_folder");
  if (!OUTPUT_TYPES.has(type)) throw src.error([...path, "type"], `output type '${type}' is not one Azure ML components write`);
  checkMode(src, path, o, true);
  const mode = typeof o.mode === "string" ? { mode: o.mode as "upload" } : {};
  const isControl = controlFlag(src, path, o);
  return {
    type: type as "uri_folder",
    ...(typeof o.description === "string" ? { description: o.description } : {}),
    ...mode,
    ...(isControl !== undefined ? { isControl } : {}),
  };
}

/**
 * What `loadComponent` calls: the path resolved against the calling file, read once per
 * file per process, and any problem as a diagnostic located in the YAML (SL147).
 */
export function componentFileLoader(): (path: string, calledFrom: SourceLocation) => ComponentIR | SparkComponentIR | ParallelComponentIR {
  const cache = new Map<string, ComponentIR | SparkComponentIR | ParallelComponentIR>();
  return (path, calledFrom) => {
    const file = resolve(dirname(calledFrom.file), path);
    const known = cache.get(file);
    if (known) return known;
    if (!existsSync(file))
      throw new SluiceDefinitionError({
        code: "SL147",
        message: `loadComponent("${path}"): ${file} does not exist`,
        hint: "the path is relative to the file that calls loadComponent",
        location: calledFrom,
      });
    try {
      const ir = readComponentYaml(file);
      cache.set(file, ir);
      return ir;
    } catch (error) {
      if (isSluiceDefinitionError(error)) throw error;
      const located = isSluiceError(error) ? error.located : undefined;
      throw new SluiceDefinitionError({
        code: "SL147",
        message: located ? located.message : `loadComponent("${path}"): ${(error as Error).message}`,
        hint: (isSluiceError(error) ? error.hint : undefined) ?? "fix the component YAML",
        location: located ? { file: located.file, line: located.line, column: located.column } : calledFrom,
      });
    }
  };
}
