import { dirname, resolve } from "node:path";
import { isLocalUri } from "@sluice/compiler";
import { type ImportedComponent, importComponent, objectLiteral, pathFrom, UNSUPPORTED, unknownKeys } from "./import-component.ts";
import { YamlSource } from "./yaml-source.ts";

const PIPELINE_KEYS = new Set(["$schema", "type", "display_name", "description", "experiment_name", "tags", "settings", "inputs", "outputs", "jobs"]);
const SETTINGS: Record<string, string> = {
  default_compute: "defaultCompute",
  default_datastore: "defaultDatastore",
  continue_on_step_failure: "continueOnStepFailure",
};
const JOB_KEYS = new Set(["type", "component", "compute", "inputs", "outputs", "display_name", "resources", "distribution", "limits", "environment_variables"]);
const DATA_BUILDERS: Record<string, string> = { uri_folder: "dataFolder", uri_file: "dataFile", mltable: "dataTable" };
/** The DSL names the file imports, and words JavaScript reserves in a module. */
const RESERVED = new Set([
  ...["cmd", "component", "dataFile", "dataFolder", "dataTable", "environment", "input", "output", "pipeline", "pipelineParameter"],
  ...["arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "eval"],
  ...["export", "extends", "false", "finally", "for", "function", "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null"],
  ...["package", "private", "protected", "public", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void"],
  ...["while", "with", "yield", "undefined", "NaN", "Infinity"],
]);

type Json = Record<string, unknown>;
const asMap = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const stripAzureml = (v: string) => v.replace(/^azureml:/, "");

interface Context {
  src: YamlSource;
  outDir: string;
  components: Map<string, ImportedComponent>;
  componentCode: string[];
  used: Set<string>;
  /** Pipeline output name → [job, output] it is bound to. */
  exposed: Map<string, [string, string]>;
}

function identifier(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^(\d)/, "_$1");
  let ident = RESERVED.has(base) ? `${base}_` : base;
  while (taken.has(ident)) ident = `${ident}_`;
  taken.add(ident);
  return ident;
}

function camel(name: string): string {
  return name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")).replace(/^[A-Z]/, (c) => c.toLowerCase()) || "component";
}

/** The component a job runs: a file next to the pipeline (`./x.yml`, `file:./x.yml`) or inline. */
function componentOf(ctx: Context, job: string, taken: Set<string>): ImportedComponent {
  const path = ["jobs", job, "component"];
  const value = ctx.src.value(path);
  if (typeof value === "string") {
    if (/^azureml:/.test(value))
      throw ctx.src.error(path, `registered component '${value}' is not supported by sluice import yet`, "import its YAML file instead");
    const file = resolve(dirname(ctx.src.file), value.replace(/^file:/, ""));
    const known = ctx.components.get(file);
    if (known) return known;
    const src = new YamlSource(file);
    const spec = asMap(src.value([]));
    const imported = importComponent(src, [], identifier(camel(String(spec.name ?? job)), taken), ctx.outDir);
    ctx.components.set(file, imported);
    ctx.componentCode.push(imported.code);
    return imported;
  }
  if (typeof value === "object" && value !== null) {
    const imported = importComponent(ctx.src, path, identifier(camel(String(asMap(value).name ?? job)), taken), ctx.outDir);
    ctx.componentCode.push(imported.code);
    return imported;
  }
  throw ctx.src.error(path, "a command job needs a component", "give component: ./component.yml");
}

/** The TypeScript for one node input value. */
function inputValue(ctx: Context, job: string, name: string, value: unknown, params: Map<string, string>, jobVars: Map<string, string>): string {
  const path = ["jobs", job, "inputs", name];
  if (typeof value === "string") {
    const parent = /^\$\{\{\s*parent\.inputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
    if (parent) {
      const v = params.get(parent[1] as string);
      if (!v) throw ctx.src.error(path, `the pipeline has no input '${parent[1]}'`);
      return v;
    }
    const upstream = /^\$\{\{\s*parent\.jobs\.([A-Za-z0-9_]+)\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
    if (upstream) {
      const v = jobVars.get(upstream[1] as string);
      if (!v) throw ctx.src.error(path, `there is no job '${upstream[1]}'`);
      return `${v}.outputs.${upstream[2]}`;
    }
    if (value.includes("${{")) throw ctx.src.error(path, `the binding '${value}' is not supported by sluice import yet`, UNSUPPORTED);
  }
  if (typeof value === "object" && value !== null) {
    const d = asMap(value);
    unknownKeys(ctx.src, path, d, ["type", "path", "mode"]);
    const builder = DATA_BUILDERS[String(d.type ?? "uri_folder")];
    if (!builder || typeof d.path !== "string") throw ctx.src.error(path, "data given to a job needs a type (uri_folder, uri_file, mltable) and a path");
    ctx.used.add(builder);
    const local = isLocalUri(d.path);
    const where = local ? pathFrom(ctx.outDir, resolve(dirname(ctx.src.file), d.path)) : d.path;
    return `${builder}(${JSON.stringify(where)}${d.mode ? `, { mode: ${JSON.stringify(d.mode)} }` : ""})`;
  }
  return JSON.stringify(value);
}

/** Node outputs: bound to pipeline outputs (returned) or declared with a mode or path here. */
function outputSettings(ctx: Context, job: string, component: ImportedComponent): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(asMap(ctx.src.value(["jobs", job, "outputs"])))) {
    const path = ["jobs", job, "outputs", name];
    if (!(name in component.outputs)) throw ctx.src.error(path, `the component has no output '${name}'`);
    let settings = asMap(value);
    if (typeof value === "string") {
      const bound = /^\$\{\{\s*parent\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
      if (!bound) throw ctx.src.error(path, `the binding '${value}' is not supported by sluice import yet`, UNSUPPORTED);
      ctx.exposed.set(bound[1] as string, [job, name]);
      settings = asMap(ctx.src.value(["outputs", bound[1] as string]));
    } else if (value === null) continue;
    const { type, ...rest } = settings;
    if (type !== undefined && type !== component.outputs[name])
      throw ctx.src.error(path, `type '${String(type)}' differs from the component's '${component.outputs[name]}'`);
    unknownKeys(ctx.src, path, rest, ["mode", "path"]);
    if (typeof value !== "string" || Object.keys(rest).length > 0) out.push(`      ${name}: ${Object.keys(rest).length ? objectLiteral(rest) : "{}"},`);
  }
  return out;
}

const camelKey = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `resources`, `distribution`, `limits.timeout` and `environment_variables` as step options. */
function runSettings(src: YamlSource, job: string, j: Json): string[] {
  const lines: string[] = [];
  const section = (key: string, known: string[]): Json | undefined => {
    if (j[key] === undefined) return undefined;
    const value = asMap(j[key]);
    unknownKeys(src, ["jobs", job, key], value, known);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelKey(k), v]));
  };
  const resources = section("resources", ["instance_count", "instance_type", "shm_size"]);
  if (resources) lines.push(`    resources: ${objectLiteral(resources)},`);
  const distribution = section("distribution", ["type", "process_count_per_instance", "worker_count", "parameter_server_count"]);
  if (distribution) lines.push(`    distribution: ${objectLiteral(distribution)},`);
  const limits = section("limits", ["timeout"]);
  if (limits?.timeout !== undefined) lines.push(`    timeoutSeconds: ${JSON.stringify(limits.timeout)},`);
  if (j.environment_variables !== undefined) lines.push(`    environmentVariables: ${objectLiteral(asMap(j.environment_variables))},`);
  return lines;
}

/** Jobs in an order where each comes after the jobs it reads from. */
function jobOrder(ctx: Context, jobs: Json): string[] {
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
    if (visiting.has(k)) throw ctx.src.error(["jobs", k], "the jobs read each other's outputs in a cycle");
    visiting.add(k);
    for (const d of deps.get(k) ?? []) if (jobs[d] !== undefined) visit(d);
    order.push(k);
  };
  for (const k of Object.keys(jobs)) visit(k);
  return order;
}

/** The pipeline's literal inputs, as pipelineParameter declarations. */
function parameters(ctx: Context, taken: Set<string>): { lines: string[]; vars: Map<string, string> } {
  const lines: string[] = [];
  const vars = new Map<string, string>();
  for (const [name, value] of Object.entries(asMap(ctx.src.value(["inputs"])))) {
    const literal = typeof value === "object" && value !== null ? asMap(value).default : value;
    if (typeof value === "object" && value !== null && (asMap(value).path !== undefined || asMap(value).default === undefined))
      throw ctx.src.error(["inputs", name], "pipeline-level data inputs are not supported by sluice import yet", "give the data to the jobs that read it");
    if (!["string", "number", "boolean"].includes(typeof literal))
      throw ctx.src.error(["inputs", name], "a pipeline input must be a string, number or boolean");
    const ident = identifier(name, taken);
    vars.set(name, ident);
    lines.push(`  const ${ident} = pipelineParameter(${JSON.stringify(name)}, ${JSON.stringify(literal)});`);
  }
  return { lines, vars };
}

/** A CLI v2 pipeline YAML (and the component YAMLs it names) as a Sluice pipeline file. */
export function importPipeline(yamlFile: string, outFile: string): string {
  const src = new YamlSource(yamlFile);
  const doc = asMap(src.value([]));
  if (doc.type !== "pipeline")
    throw src.error(["type"], "sluice import reads pipeline jobs (type: pipeline)", "point it at the pipeline YAML, which names its components");
  unknownKeys(src, [], doc, PIPELINE_KEYS);
  const ctx: Context = {
    src,
    outDir: dirname(outFile),
    components: new Map(),
    componentCode: [],
    used: new Set(["component", "cmd", "environment", "pipeline"]),
    exposed: new Map(),
  };
  const taken = new Set(RESERVED);
  const { lines: paramLines, vars: params } = parameters(ctx, taken);
  if (paramLines.length) ctx.used.add("pipelineParameter");
  const jobs = asMap(doc.jobs);
  const jobVars = new Map<string, string>();
  const body: string[] = [...paramLines];
  for (const job of jobOrder(ctx, jobs)) {
    const j = asMap(jobs[job]);
    unknownKeys(src, ["jobs", job], j, JOB_KEYS);
    if (j.type !== "command") throw src.error(["jobs", job, "type"], `a '${String(j.type)}' job is not supported by sluice import yet`, UNSUPPORTED);
    const component = componentOf(ctx, job, taken);
    const inputs = Object.entries(asMap(j.inputs)).map(([n, v]) => `      ${n}: ${inputValue(ctx, job, n, v, params, jobVars)},`);
    const outputs = outputSettings(ctx, job, component);
    const ident = identifier(job, taken);
    jobVars.set(job, ident);
    body.push(`  const ${ident} = ${component.ident}({`, `    name: ${JSON.stringify(job)},`);
    if (j.display_name !== undefined) body.push(`    displayName: ${JSON.stringify(String(j.display_name))},`);
    if (typeof j.compute === "string") body.push(`    compute: ${JSON.stringify(stripAzureml(j.compute))},`);
    if (inputs.length) body.push("    inputs: {", ...inputs, "    },");
    if (outputs.length) body.push("    outputs: {", ...outputs, "    },");
    body.push(...runSettings(src, job, j));
    body.push("  });");
  }
  for (const name of Object.keys(asMap(doc.outputs))) if (!ctx.exposed.has(name)) throw src.error(["outputs", name], "no job writes this pipeline output");
  const returned = [...ctx.exposed].map(([name, [job, output]]) => `    ${name}: ${jobVars.get(job)}.outputs.${output},`);
  if (returned.length) body.push("  return {", ...returned, "  };");
  for (const c of ctx.components.values()) for (const t of Object.values(c.inputs)) if (t) ctx.used.add("input");
  if (ctx.componentCode.some((c) => c.includes("output."))) ctx.used.add("output");
  if (ctx.componentCode.some((c) => c.includes("input."))) ctx.used.add("input");
  const options = pipelineOptions(src, doc);
  return [
    `// Imported by \`sluice import\` from ${pathFrom(ctx.outDir, yamlFile)}.`,
    `import { ${[...ctx.used].sort().join(", ")} } from "@sluice/dsl";`,
    "",
    ctx.componentCode.join("\n\n"),
    "",
    `export default pipeline(${options}, () => {`,
    ...body,
    "});",
    "",
  ].join("\n");
}

function pipelineOptions(src: YamlSource, doc: Json): string {
  const o: Json = { name: String(doc.display_name ?? src.file.replace(/^.*\//, "").replace(/\.ya?ml$/, "")) };
  if (doc.description !== undefined) o.description = doc.description;
  if (doc.experiment_name !== undefined) o.experiment = doc.experiment_name;
  if (doc.tags !== undefined) o.tags = doc.tags;
  for (const [key, value] of Object.entries(asMap(doc.settings))) {
    const option = SETTINGS[key];
    if (!option) throw src.error(["settings", key], `'${key}' is not supported by sluice import yet`, UNSUPPORTED);
    o[option] = typeof value === "string" ? stripAzureml(value) : value;
  }
  return objectLiteral(o);
}
