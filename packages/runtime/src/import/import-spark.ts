import { dirname, resolve } from "node:path";
import {
  asMap,
  checkCommandRefs,
  commandCode,
  environmentCode,
  type ImportedComponent,
  ioSpecs,
  type Json,
  objectLiteral,
  pathFrom,
  unknownKeys,
  nameLines,
} from "./import-component.ts";
import { importStandaloneJob } from "./import-command-job.ts";
import { inlineOutputs, outputLines } from "./import-node.ts";
import { type ImportContext, jobPath, type JobScope } from "./import-scope.ts";
import { readSparkConf, readSparkParts, SPARK_COMPONENT_KEYS } from "./spark-yaml.ts";
import type { YamlSource } from "./yaml-source.ts";

/** The run settings a Spark node or job gives beside its component. */
export const SPARK_RUN_KEYS = ["resources", "identity", "conf"];
const IDENTITIES = ["managed", "user_identity", "aml_token"];

/** `entry`, `pyFiles` … `conf`, `environment`: a Spark component's own parts as DSL option lines. */
function sparkPartLines(ctx: { outDir: string }, src: YamlSource, path: string[], spec: Json, io: { inputs: object; outputs: object }, what: string): string[] {
  const baseDir = dirname(src.file);
  const parts = readSparkParts(src, path, spec, what);
  const lines: string[] = [];
  if (typeof spec.code === "string") lines.push(`code: ${JSON.stringify(pathFrom(ctx.outDir, resolve(baseDir, spec.code)))},`);
  lines.push(`entry: ${"file" in parts.entry ? `{ file: ${JSON.stringify(parts.entry.file)} }` : `{ className: ${JSON.stringify(parts.entry.className)} }`},`);
  for (const key of ["pyFiles", "jars", "files", "archives"] as const) if (parts[key] !== undefined) lines.push(`${key}: ${JSON.stringify(parts[key])},`);
  if (parts.args !== undefined) {
    const args = commandCode(parts.args);
    checkCommandRefs(src, path, args.refs, io, what, "args");
    lines.push(`args: (${args.uses.length ? `{ ${args.uses.join(", ")} }` : ""}) => ${args.code},`);
  }
  if (parts.conf !== undefined) lines.push(`conf: ${objectLiteral(parts.conf)},`);
  if (spec.environment !== undefined) lines.push(`environment: ${environmentCode(src, [...path, "environment"], spec.environment, baseDir, ctx.outDir)},`);
  return lines;
}

/** `const <ident> = sparkComponent({...})` for a Spark component read from YAML at `path`. */
export function importSparkComponent(src: YamlSource, path: string[], ident: string, outDir: string): ImportedComponent {
  const spec = asMap(src.value(path));
  unknownKeys(src, path, spec, SPARK_COMPONENT_KEYS);
  const lines = [`const ${ident} = sparkComponent({`, ...nameLines(spec, ident)];
  const io = ioSpecs(src, path, spec);
  lines.push(...io.lines, ...sparkPartLines({ outDir }, src, path, spec, io, "component").map((l) => `  ${l}`));
  if (spec.tags !== undefined) lines.push(`  tags: ${objectLiteral(asMap(spec.tags))},`);
  if (spec.is_deterministic !== undefined) lines.push(`  isDeterministic: ${JSON.stringify(spec.is_deterministic)},`);
  lines.push("});");
  return { ident, code: lines.join("\n"), inputs: io.inputs, outputs: io.outputs };
}

/**
 * A Spark job written on the node (`code`, `entry`, `args` under `jobs.<name>`) becomes
 * `sparkStep({...})`: its inputs' types are the values', its outputs declared from `outputs:`.
 */
export function inlineSpark(ctx: ImportContext, scope: JobScope, job: string, j: Json): { component: ImportedComponent; lines: string[] } {
  const path = jobPath(scope, job);
  ctx.used.add("sparkStep");
  const outputs = inlineOutputs(scope, path, j);
  const lines = outputLines(ctx, outputs);
  lines.push(...sparkPartLines(ctx, scope.src, path, j, { inputs: asMap(j.inputs), outputs }, "job"));
  for (const used of ["cmd", "environment"]) if (lines.some((l) => l.includes(used === "cmd" ? "cmd`" : "environment("))) ctx.used.add(used);
  return { component: { ident: "sparkStep", code: "", inputs: {}, outputs }, lines };
}

/** A Spark node's or job's `resources`, `identity` and own `conf` as step options. */
export function sparkRunSettings(src: YamlSource, at: string[], j: Json): string[] {
  const lines: string[] = [];
  if (j.resources !== undefined) {
    const r = asMap(j.resources);
    unknownKeys(src, [...at, "resources"], r, ["instance_type", "runtime_version"]);
    if (typeof r.instance_type !== "string")
      throw src.error(
        [...at, "resources"],
        "serverless Spark resources need an instance_type",
        'write resources: { instance_type: standard_e4s_v3, runtime_version: "3.4" }',
      );
    const version = r.runtime_version === undefined ? {} : { runtimeVersion: String(r.runtime_version) };
    lines.push(`resources: ${objectLiteral({ instanceType: r.instance_type, ...version })},`);
  }
  if (j.identity !== undefined) {
    const id = asMap(j.identity);
    unknownKeys(src, [...at, "identity"], id, ["type"]);
    if (!IDENTITIES.includes(String(id.type)))
      throw src.error([...at, "identity", "type"], `identity type '${String(id.type)}' is not one Azure ML has`, `use one of: ${IDENTITIES.join(", ")}`);
    lines.push(`identity: ${JSON.stringify(id.type)},`);
  }
  if (j.conf !== undefined) lines.push(`conf: ${objectLiteral(readSparkConf(src, [...at, "conf"], j.conf))},`);
  return lines;
}

/** What a Spark job YAML may say, as `sparkJob` options. */
const SPARK_JOB_KEYS = [
  ...["$schema", "type", "display_name", "experiment_name", "description", "tags", "compute", "inputs", "outputs"],
  ...["code", "entry", "py_files", "jars", "files", "archives", "args", "conf", "environment", "resources", "identity"],
];

/** A CLI v2 Spark job YAML (`type: spark`) as a Sluice file exporting a `sparkJob`. */
export function importSparkJob(src: YamlSource, outDir: string, relativeYaml: string): string {
  return importStandaloneJob(src, outDir, relativeYaml, {
    keys: SPARK_JOB_KEYS,
    builder: "sparkJob",
    step: "sparkStep",
    inline: inlineSpark,
    // The job's conf is among its parts (inlineSpark reads it).
    settings: (doc) => sparkRunSettings(src, [], { ...doc, conf: undefined }),
  });
}
