import { checkValues, kindOf } from "./azure-ml-keys.ts";
import { dirname, resolve } from "node:path";
import { isLocalUri } from "@sluice/compiler";
import { asMap, checkMode, jobNames, type Json, objectLiteral, pathFrom, UNSUPPORTED, unknownKeys } from "./import-component.ts";
import { closestName } from "../config/closest-name.ts";
import { emitJobs } from "./import-jobs.ts";
import { identifier, type ImportContext, type JobScope, outputRef, RESERVED, stripAzureml } from "./import-scope.ts";
import { importCommandJob } from "./import-command-job.ts";
import { importSweepJob } from "./import-sweep-job.ts";
import { importAutomlJob } from "./import-automl.ts";
import { importSparkJob } from "./import-spark.ts";
import { isAzureMlJob, isComponentYaml, notAJob, notAJobButComponent } from "./job-yaml.ts";
import { YamlSource } from "./yaml-source.ts";

const PIPELINE_KEYS = new Set([
  "$schema",
  "type",
  "display_name",
  "description",
  "experiment_name",
  "tags",
  "compute",
  "settings",
  "inputs",
  "outputs",
  "jobs",
]);
const SETTINGS: Record<string, string> = {
  default_compute: "defaultCompute",
  default_datastore: "defaultDatastore",
  continue_on_step_failure: "continueOnStepFailure",
  force_rerun: "forceRerun",
};
/** A pipeline-level data input: a local file, folder or mltable folder, or a web file (`webFiles`). */
function dataInput(ctx: ImportContext, src: YamlSource, name: string, spec: Json): string {
  unknownKeys(src, ["inputs", name], spec, ["type", "path", "mode"]);
  checkMode(src, ["inputs", name], spec, true);
  const type = String(spec.type ?? "uri_folder");
  const mode = spec.mode === undefined ? "" : `mode: ${JSON.stringify(spec.mode)}`;
  if (typeof spec.path === "string" && /^https?:\/\//.test(spec.path) && type === "uri_file") {
    ctx.used.add("webFiles");
    return `webFiles(${JSON.stringify(name)}, ${JSON.stringify(spec.path)}${mode ? `, { ${mode} }` : ""})`;
  }
  if (typeof spec.path !== "string" || !isLocalUri(spec.path) || !["uri_folder", "uri_file", "mltable"].includes(type))
    throw src.error(
      ["inputs", name],
      "pipeline-level data inputs other than local files, folders and mltable folders, and web files, are not supported by sluice import yet",
      "give the data to the jobs that read it",
    );
  ctx.used.add("localFiles");
  const where = pathFrom(ctx.outDir, resolve(dirname(src.file), spec.path));
  return `localFiles(${JSON.stringify(name)}, ${JSON.stringify(where)}, { type: ${JSON.stringify(type)}${mode ? `, ${mode}` : ""} })`;
}

/** The pipeline's inputs: literal ones as pipelineParameter declarations, local data as localFiles. */
function parameters(ctx: ImportContext, src: YamlSource): { lines: string[]; vars: Map<string, string> } {
  const lines: string[] = [];
  const vars = new Map<string, string>();
  for (const [name, value] of Object.entries(asMap(src.value(["inputs"])))) {
    const spec = asMap(value);
    const isData = typeof value === "object" && value !== null && (spec.path !== undefined || spec.default === undefined);
    const literal = typeof value === "object" && value !== null ? spec.default : value;
    if (!isData && !["string", "number", "boolean"].includes(typeof literal))
      throw src.error(["inputs", name], "a pipeline input must be a string, number or boolean, or data with a path");
    const ident = identifier(name, ctx.taken);
    vars.set(name, ident);
    if (!isData) ctx.used.add("pipelineParameter");
    lines.push(`  const ${ident} = ${isData ? dataInput(ctx, src, name, spec) : `pipelineParameter(${JSON.stringify(name)}, ${JSON.stringify(literal)})`};`);
  }
  return { lines, vars };
}

/** A CLI v2 pipeline YAML (and the component YAMLs it names), or a sweep job YAML, as a Sluice pipeline file. */
export function importPipeline(yamlFile: string, outFile: string): string {
  const src = new YamlSource(yamlFile);
  if (isComponentYaml(src.value([]))) throw notAJobButComponent(yamlFile, asMap(src.value([])).type);
  if (!isAzureMlJob(src.value([]))) throw notAJob(yamlFile);
  const doc = asMap(src.value([]));
  checkValues(src, [], doc, ["type"]);
  if (doc.type === "sweep") return importSweepJob(src, dirname(outFile), pathFrom(dirname(outFile), yamlFile));
  if (doc.type === "automl") return importAutomlJob(src, dirname(outFile), pathFrom(dirname(outFile), yamlFile));
  if (doc.type === "spark") return importSparkJob(src, dirname(outFile), pathFrom(dirname(outFile), yamlFile));
  // Without `type:` Azure ML reads a command job.
  if (doc.type === "command" || (doc.type === undefined && typeof doc.command === "string" && doc.jobs === undefined))
    return importCommandJob(src, dirname(outFile), pathFrom(dirname(outFile), yamlFile));
  if (doc.type !== "pipeline")
    throw src.error(
      ["type"],
      "sluice import reads pipeline, command, sweep, AutoML and Spark jobs (type: pipeline, command, sweep, automl, spark)",
      // Without `type:` Azure ML reads a command job, so a pipeline YAML that forgot it is told to say it.
      doc.type === undefined && doc.jobs !== undefined ? "a pipeline job YAML says type: pipeline" : "point it at the job YAML, which names its components",
    );
  unknownKeys(src, [], doc, PIPELINE_KEYS);
  // Pipeline outputs are read where a job binds them; their texts are checked here, once.
  for (const [name, spec] of Object.entries(asMap(doc.outputs))) {
    if (spec !== null && (typeof spec !== "object" || Array.isArray(spec)))
      throw src.error(["outputs", name], `a pipeline output is a mapping of its settings, not ${kindOf(spec)}`);
    checkValues(src, ["outputs", name], asMap(spec), ["type", "mode", "path", "name", "description"]);
  }
  const ctx: ImportContext = {
    outDir: dirname(outFile),
    components: new Map(),
    componentCode: [],
    used: new Set(["pipeline"]),
    taken: new Set(RESERVED),
  };
  const { lines: paramLines, vars } = parameters(ctx, src);
  const scope: JobScope = { src, vars, outputSettings: (name) => asMap(src.value(["outputs", name])), exposed: new Map(), indent: "  " };
  const jobs = emitJobs(ctx, scope);
  const body = [...paramLines, ...jobs.lines];
  for (const name of Object.keys(asMap(doc.outputs))) if (!scope.exposed.has(name)) throw src.error(["outputs", name], "no job writes this pipeline output");
  const returned = [...scope.exposed].map(([name, [job, output]]) => `    ${name}: ${outputRef(ctx, jobs.vars.get(job) as string, output)},`);
  if (returned.length) body.push("  return {", ...returned, "  };");
  // The DSL names the generated code uses, and only those.
  const componentCode = ctx.componentCode.map((c) => (typeof c === "string" ? c : c()));
  for (const [name, mark] of [
    ["output", "output."],
    ["input", "input."],
    ["component", "= component("],
    ["sparkComponent", "= sparkComponent("],
    ["parallelComponent", "= parallelComponent("],
    ["cmd", "cmd`"],
    ["environment", "environment("],
  ] as const)
    if (componentCode.some((c) => c.includes(mark))) ctx.used.add(name);
  const { options, notes } = pipelineOptions(src, doc);
  return [
    `// Imported by \`sluice import\` from ${pathFrom(ctx.outDir, yamlFile)}.`,
    ...notes,
    `import { ${[...ctx.used].sort().join(", ")} } from "@sluice/dsl";`,
    "",
    ...(componentCode.length ? [componentCode.join("\n\n"), ""] : []),
    `export default pipeline(${options}, () => {`,
    ...body,
    "});",
    "",
  ].join("\n");
}

/** The line `sluice import` leaves (and prints) where it passes a setting through unmodelled. */
export const PASSED = "// sluice import passed through";
/** A `settings` key Sluice does not model: a plain value is passed through as the SDK does (and noted); anything else is refused. */
function passedThrough(src: YamlSource, key: string, value: unknown, notes: string[]): string | number | boolean {
  if (!["string", "number", "boolean"].includes(typeof value))
    throw src.error(["settings", key], `'${key}' is not a setting sluice import reads, and its value is not plain`, UNSUPPORTED, "key");
  const guess = closestName(key, Object.keys(SETTINGS));
  const where = src.error(["settings", key], "", undefined, "key").located;
  notes.push(
    `${PASSED} settings.${key} (line ${where?.line}): not a setting Azure ML documents${guess ? ` (did you mean '${guess}'?)` : ""}; sent as written, as the official SDK does`,
  );
  return value as string | number | boolean;
}

function pipelineOptions(src: YamlSource, doc: Json): { options: string; notes: string[] } {
  const notes: string[] = [];
  const o: Json = { ...jobNames(src.file, doc.display_name) };
  // Without display_name Azure shows the run's generated name; the DSL would show the pipeline's.
  if (doc.display_name === undefined) o.displayName = null;
  if (doc.description !== undefined) o.description = doc.description;
  if (doc.experiment_name !== undefined) o.experiment = doc.experiment_name;
  if (doc.tags !== undefined) o.tags = doc.tags;
  if (doc.compute !== undefined) o.compute = stripAzureml(String(doc.compute));
  const extra: Json = {};
  for (const [key, value] of Object.entries(asMap(doc.settings))) {
    if (SETTINGS[key] !== undefined) o[SETTINGS[key] as string] = typeof value === "string" ? stripAzureml(value) : value;
    else extra[key] = passedThrough(src, key, value, notes);
  }
  if (Object.keys(extra).length > 0) o.extraSettings = extra;
  return { options: objectLiteral(o), notes };
}
