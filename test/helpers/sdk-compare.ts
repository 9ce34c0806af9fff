// How a Sluice plan and the official SDK's serialization are compared (the conformance tests
// and the census): each side reduced to what both can state. Component ids (the SDK inlines the
// component's YAML, Sluice writes a placeholder) and `_source` are set aside; components are
// compared by their view.
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { componentBody, type ExecutionPlan } from "@sluice/compiler";

// REST bodies are free-form JSON.
export type Json = any;
/**
 * An input's default as a string and its bounds as numbers: the SDK writes numbers as Python's
 * str() of a float, and a sweep trial's boolean default as Python's str() of a bool ("False").
 */
function wireInput(i: Json): Json {
  const out = { ...i };
  if (i.default !== undefined)
    out.default = i.type === "boolean" ? String(i.default).toLowerCase() : i.type === "number" ? String(Number(i.default)) : String(i.default);
  for (const k of ["min", "max"]) if (i[k] !== undefined) out[k] = Number(i[k]);
  return out;
}

/** A component as both sides can state it: whitespace in the command is the shell's, defaults are strings on the wire. */
/** A path with its links resolved; one that does not exist stays as given (the comparison shows it). */
const real = (path: string | undefined) => (path !== undefined && existsSync(path) ? realpathSync(path) : path);

export function sdkView(spec: Json): Json {
  // A parallel component's code and environment are its task's.
  const c = spec.type === "parallel" ? { ...spec, code: spec.task?.code, environment: spec.task?.environment } : spec;
  const inputs = Object.fromEntries(Object.entries<Json>(c.inputs ?? {}).map(([n, i]) => [n, wireInput(i)]));
  const env =
    typeof c.environment === "string" || c.environment === undefined
      ? c.environment
      : c.environment.build
        ? { build: real(c.environment.build.path), dockerfile: c.environment.build.dockerfile_path }
        : { image: c.environment.image, conda: c.environment.conda_file !== undefined };
  return {
    display_name: c.display_name,
    command: String(c.command ?? "")
      .replace(/\s+/g, " ")
      .trim(),
    inputs,
    outputs: c.outputs ?? {},
    code: real(c.code),
    environment: env,
    spark: c.type === "spark" ? sparkView(c) : undefined,
    parallel: c.type === "parallel" ? parallelView(c) : undefined,
  };
}

/** How a parallel component splits its data and what its task runs (its code and environment are compared as any component's). */
function parallelView(c: Json): Json {
  const { code: _c, environment: _e, program_arguments: args, ...task } = c.task ?? {};
  const keys = ["input_data", "mini_batch_size", "partition_keys", "retry_settings", "logging_level", "error_threshold", "mini_batch_error_threshold"];
  const settings = Object.fromEntries([...keys, "max_concurrency_per_instance", "resources"].map((k) => [k, c[k]]));
  return { ...settings, task: { ...task, program_arguments: args === undefined ? undefined : String(args).replace(/\s+/g, " ").trim() } };
}

/** What a Spark component runs and ships, in the YAML's keys (arguments with the shell's whitespace). */
function sparkView(c: Json): Json {
  const args = c.args === undefined ? undefined : String(c.args).replace(/\s+/g, " ").trim();
  return { entry: c.entry, args, conf: c.conf, py_files: c.py_files, jars: c.jars, files: c.files, archives: c.archives };
}

export function componentView(plan: ExecutionPlan, id: string, dir: string): Json {
  const c = plan.components.find((x) => x.id === id) as ExecutionPlan["components"][number];
  const inputs = Object.fromEntries(
    Object.entries(c.inputs).map(([n, i]) => [n, { ...i, ...(i.default !== undefined ? { default: String(i.default) } : {}) }]),
  );
  const env = plan.environments.find((e) => e.id === c.environment);
  const environment =
    env?.kind === "image"
      ? { image: env.image, conda: env.condaFile !== undefined }
      : env?.kind === "build"
        ? { build: real(resolve(dir, env.context)), dockerfile: env.dockerfile }
        : c.environment;
  const code = plan.codeSnapshots.find((s) => s.id === c.code)?.path;
  return {
    display_name: c.displayName,
    command: c.command.replace(/\s+/g, " ").trim(),
    inputs,
    outputs: (componentBody(c, undefined, undefined) as Json).outputs,
    code: code && real(resolve(dir, code)),
    environment: environment === "" ? undefined : environment,
    spark: c.spark && sparkView(componentBody(c, undefined, undefined) as Json),
    parallel: c.parallel && parallelView(componentBody(c, undefined, undefined) as Json),
  };
}

export function strip(body: Json): Json {
  const copy = structuredClone(body);
  delete copy.settings._source;
  for (const node of Object.values<Json>(copy.jobs)) {
    delete node._source;
    delete node.componentId;
    // A sweep's trial names its component (compared by its view below).
    delete node.trial;
    // A parallel node repeats its task's code and environment, which the SDK names by local path and
    // inline spec and Sluice by placeholder: they are compared by what they name, in the component's view.
    if (node.task) node.task = { ...node.task, code: undefined, environment: undefined };
  }
  return copy;
}

/** The first place two JSON values differ, as `path: ours ≠ theirs`, or undefined when equal. */
export function firstDifference(ours: Json, theirs: Json, path = ""): string | undefined {
  if (Object.is(ours, theirs)) return undefined;
  const bothObjects = typeof ours === "object" && typeof theirs === "object" && ours !== null && theirs !== null;
  if (!bothObjects || Array.isArray(ours) !== Array.isArray(theirs)) return `${path || "."}: ${short(ours)} ≠ ${short(theirs)}`;
  for (const key of [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort()) {
    if (ours[key] === undefined && theirs[key] === undefined) continue;
    const d = firstDifference(ours[key], theirs[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}

function short(v: Json): string {
  const text = JSON.stringify(v) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
