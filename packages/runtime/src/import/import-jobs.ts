import { promptFlowKind } from "./job-yaml.ts";
import { checkValues } from "./azure-ml-keys.ts";
import { statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { asMap, type ImportedComponent, importComponent, ioSpecs, type Json, nameLines, UNSUPPORTED, unknownKeys } from "./import-component.ts";
import { SWEEP_KEYS, sweepOptionLines } from "./import-sweep.ts";
import { automlOptionLines } from "./import-automl.ts";
import { importSparkComponent, inlineSpark, SPARK_RUN_KEYS, sparkRunSettings } from "./import-spark.ts";
import { importRegistered } from "./import-registered.ts";
import { importParallelComponent, inlineParallel, PARALLEL_JOB_KEYS, PARALLEL_NODE_SETTINGS } from "./import-parallel.ts";
import { YamlSource } from "./yaml-source.ts";
import { CONTROL_TYPES, controlDeps, controlNode } from "./import-control-flow.ts";
import { inlineCommand, inputValue, outputSettings, runSettings } from "./import-node.ts";
import { camel, identifier, type ImportContext, jobPath, type JobScope, outputRef, stripAzureml } from "./import-scope.ts";

const JOB_KEYS = new Set([
  "type",
  "component",
  "compute",
  "inputs",
  "outputs",
  "display_name",
  "resources",
  "distribution",
  "limits",
  "environment_variables",
  "services",
]);
/** A command job written on the node (`command:`, `code:`, `environment:` under `jobs.<name>`), as the SDK's `command()` builder writes it. */
const INLINE_JOB_KEYS = new Set([...JOB_KEYS, "command", "code", "environment", "description"]);
const SPARK_JOB_KEYS = new Set(["type", "component", "compute", "inputs", "outputs", "display_name", ...SPARK_RUN_KEYS]);
/** A Spark job written on the node (`code`, `entry`, `args` under `jobs.<name>`). */
const INLINE_SPARK_KEYS = new Set([...SPARK_JOB_KEYS, "code", "entry", "py_files", "jars", "files", "archives", "args", "environment", "description"]);
const PIPELINE_JOB_KEYS = new Set(["type", "component", "compute", "inputs", "outputs", "display_name"]);
const SWEEP_JOB_KEYS = new Set(["type", "trial", "compute", "inputs", "outputs", "display_name", ...SWEEP_KEYS]);
const PIPELINE_COMPONENT_KEYS = new Set(["$schema", "type", "name", "display_name", "version", "description", "inputs", "outputs", "jobs"]);
/** `const x = pipelineComponent({...}, ({ inputs }) => {...})` for a pipeline component YAML. */
function importPipelineComponent(ctx: ImportContext, src: YamlSource, ident: string): ImportedComponent {
  const spec = asMap(src.value([]));
  unknownKeys(src, [], spec, PIPELINE_COMPONENT_KEYS);
  const io = ioSpecs(src, [], spec);
  const options = nameLines(spec, ident);
  const scope: JobScope = {
    src,
    vars: new Map(Object.keys(io.inputs).map((n) => [n, `inputs.${n}`])),
    outputSettings: () => ({}),
    exposed: new Map(),
    indent: "    ",
  };
  const body = emitJobs(ctx, scope);
  for (const name of Object.keys(io.outputs)) if (!scope.exposed.has(name)) throw src.error(["outputs", name], "no job writes this output");
  const returned = [...scope.exposed].map(([name, [job, output]]) => `      ${name}: ${outputRef(ctx, body.vars.get(job) as string, output)},`);
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
function componentOf(
  ctx: ImportContext,
  scope: JobScope,
  job: string,
  kind: "command" | "pipeline" | "spark" | "parallel",
  key = "component",
): ImportedComponent {
  const path = [...jobPath(scope, job), key];
  const value = scope.src.value(path);
  if (typeof value === "string") {
    if (/^azureml:/.test(value)) {
      if (kind !== "command")
        throw scope.src.error(path, `a registered ${kind} component cannot be imported: its jobs are not in the YAML`, "import its YAML file instead");
      return importRegistered(ctx, scope, job, value);
    }
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
    const flow = promptFlowKind(file, spec);
    if (flow)
      throw scope.src.error(
        path,
        `'${value}' is a prompt ${flow === "run" ? "flow run (Run.schema.json)" : "flow (flow.dag.yaml)"}, which sluice import cannot carry over yet`,
        "Sluice has no prompt-flow components: keep this pipeline in YAML (az ml job create), or write the flow's work as a command or parallel component",
      );
    checkValues(src, [], spec, ["type", "name"]);
    const type = String(spec.type ?? "command");
    if (type !== kind) throw src.error(["type"], `job '${job}' is a ${kind} job, but this is a '${type}' component`, `give the job type: ${type}`);
    const ident = identifier(camel(String(spec.name ?? job)), ctx.taken);
    const imported =
      kind === "pipeline"
        ? importPipelineComponent(ctx, src, ident)
        : kind === "spark"
          ? importSparkComponent(src, [], ident, ctx.outDir)
          : kind === "parallel"
            ? importParallelComponent(src, [], ident, ctx.outDir, ctx.used)
            : importComponent(src, [], ident, ctx.outDir);
    ctx.components.set(file, imported);
    ctx.componentCode.push(imported.code);
    return imported;
  }
  if (typeof value === "object" && value !== null && kind !== "pipeline") {
    const ident = identifier(camel(String(asMap(value).name ?? job)), ctx.taken);
    const imported =
      kind === "spark"
        ? importSparkComponent(scope.src, path, ident, ctx.outDir)
        : kind === "parallel"
          ? importParallelComponent(scope.src, path, ident, ctx.outDir, ctx.used)
          : importComponent(scope.src, path, ident, ctx.outDir);
    ctx.componentCode.push(imported.code);
    return imported;
  }
  throw scope.src.error(
    path,
    `a ${kind} job needs a component`,
    kind === "spark" ? `give ${key}: ./component.yml, or the job's code, entry and args on the node` : `give ${key}: ./component.yml`,
  );
}

/** The line `sluice import` leaves (and prints) where it drops an input the component does not declare. */
export const DROPPED = "// sluice import dropped";

function droppedNote(src: YamlSource, path: string[], component: ImportedComponent): string {
  const where = src.error(path, "").located;
  const at = where ? `${relative(process.cwd(), where.file) || where.file}:${where.line}:${where.column}` : path.join(".");
  const declared = Object.keys(component.inputs).join(", ") || "none";
  return `${DROPPED} ${path.join(".")} (${at}): not an input of the component (its inputs: ${declared}); the official SDK drops it too`;
}

/** Jobs in an order where each comes after the jobs it reads from. */
function jobOrder(src: YamlSource, jobs: Json): string[] {
  const deps = new Map(
    Object.entries(jobs).map(([k, j]) => [
      k,
      [...[...JSON.stringify(asMap(j).inputs ?? {}).matchAll(/parent\.jobs\.([A-Za-z0-9_]+)\./g)].map((m) => m[1] as string), ...controlDeps(asMap(j))],
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

/** `const x = autoMLStep({...})` for an AutoML node; its name, display name and compute as any node's. */
function automlStep(ctx: ImportContext, scope: JobScope, job: string, j: Json, jobVars: Map<string, string>): string[] {
  const options = automlOptionLines(ctx, scope, job, j, jobVars);
  const ident = identifier(job, ctx.taken);
  jobVars.set(job, ident);
  ctx.outputNames ??= new Map();
  ctx.outputNames.set(ident, { best_model: "bestModel" });
  return [
    `const ${ident} = autoMLStep({`,
    `  name: ${JSON.stringify(job)},`,
    ...(j.display_name !== undefined ? [`  displayName: ${JSON.stringify(String(j.display_name))},`] : []),
    ...(typeof j.compute === "string" ? [`  compute: ${computeCode(scope, job, j.compute)},`] : []),
    ...options.map((l) => `  ${l}`),
    "});",
  ];
}

/** The statements creating each job of a `jobs:` section as a step, and the variable naming each. */
export function emitJobs(ctx: ImportContext, scope: JobScope): { lines: string[]; vars: Map<string, string> } {
  const src = scope.src;
  const jobs = asMap(src.value(["jobs"]));
  const jobVars = new Map<string, string>();
  const outputTypes = scope.outputTypes ?? new Map<string, Record<string, string>>();
  scope.outputTypes = outputTypes;
  const lines: string[] = [];
  const at = (line: string) => `${scope.indent}${line}`;
  for (const job of jobOrder(src, jobs)) {
    const j = asMap(jobs[job]);
    checkValues(src, ["jobs", job], j, ["type"]);
    // Without `type:` Azure ML reads a command job, as the SDK does.
    const type = j.type ?? "command";
    if (CONTROL_TYPES.has(String(type))) {
      lines.push(...controlNode(ctx, scope, job, j, jobVars).map(at));
      continue;
    }
    if (type === "automl") {
      outputTypes.set(job, { best_model: "mlflow_model" });
      lines.push(...automlStep(ctx, scope, job, j, jobVars).map(at));
      continue;
    }
    if (type !== "command" && type !== "pipeline" && type !== "sweep" && type !== "spark" && type !== "parallel")
      throw src.error(["jobs", job, "type"], `a '${String(type)}' job is not supported by sluice import yet`, UNSUPPORTED);
    const inline =
      j.component !== undefined
        ? undefined
        : type === "command" && j.command !== undefined
          ? inlineCommand(ctx, scope, job, j)
          : type === "spark" && j.entry !== undefined
            ? inlineSpark(ctx, scope, job, j)
            : type === "parallel" && j.task !== undefined
              ? inlineParallel(ctx, scope, job, j)
              : undefined;
    const keys = {
      pipeline: PIPELINE_JOB_KEYS,
      sweep: SWEEP_JOB_KEYS,
      spark: inline ? INLINE_SPARK_KEYS : SPARK_JOB_KEYS,
      command: inline ? INLINE_JOB_KEYS : JOB_KEYS,
      parallel: PARALLEL_JOB_KEYS,
    };
    unknownKeys(src, ["jobs", job], j, keys[type]);
    // The component first: what it is (a prompt flow, say) explains more than a setting beside it.
    const component = inline?.component ?? (type === "sweep" ? componentOf(ctx, scope, job, "command", "trial") : componentOf(ctx, scope, job, type));
    // A parallel node running a component (a file, or inline) leaves its task and settings to it.
    const overridden = type === "parallel" && !inline ? PARALLEL_NODE_SETTINGS.find((k) => j[k] !== undefined) : undefined;
    if (overridden)
      throw src.error(
        ["jobs", job, overridden],
        `'${overridden}' at a node running a parallel component is not supported by sluice import yet`,
        "set it in the component",
        "key",
      );
    // An input the component does not declare is dropped, as the official SDK drops it, and said so in the file.
    // (A job written on the node declares its inputs by giving them.)
    const given = Object.entries(asMap(j.inputs));
    const declared = (n: string) => inline !== undefined || n in component.inputs;
    const inputs = given.filter(([n]) => declared(n)).map(([n, v]) => at(`    ${n}: ${inputValue(ctx, scope, job, n, v, jobVars, component.inputs[n])},`));
    // A dropped input's value is still read: a broken binding is refused, not hidden.
    const dropped = given
      .filter(([n]) => !declared(n))
      .map(([n, v]) => inputValue(ctx, scope, job, n, v, jobVars) && at(`  ${droppedNote(src, [...jobPath(scope, job), "inputs", n], component)}`));
    const outputs = outputSettings(scope, job, component).map((l) => at(`    ${l}`));
    const ident = identifier(job, ctx.taken);
    jobVars.set(job, ident);
    outputTypes.set(job, component.outputs);
    if (type === "sweep") {
      ctx.used.add("sweepStep");
      lines.push(at(`const ${ident} = sweepStep({`), at(`  name: ${JSON.stringify(job)},`), at(`  trial: ${component.ident},`));
    } else lines.push(at(`const ${ident} = ${component.ident}({`), at(`  name: ${JSON.stringify(job)},`));
    if (j.display_name !== undefined) lines.push(at(`  displayName: ${JSON.stringify(String(j.display_name))},`));
    if (typeof j.compute === "string") lines.push(at(`  compute: ${computeCode(scope, job, j.compute)},`));
    lines.push(...dropped);
    if (inputs.length) lines.push(at("  inputs: {"), ...inputs, at("  },"));
    if (inline) lines.push(...inline.lines.map((l) => at(`  ${l}`)));
    if (outputs.length) lines.push(at(`  ${inline ? "outputSettings" : "outputs"}: {`), ...outputs, at("  },"));
    const settings =
      type === "sweep"
        ? sweepOptionLines(src, ["jobs", job], j, ctx.used)
        : type === "spark"
          ? // An inline Spark job's conf is already among its parts.
            sparkRunSettings(src, ["jobs", job], inline ? { ...j, conf: undefined } : j)
          : runSettings(src, ["jobs", job], j);
    lines.push(...settings.map((l) => at(`  ${l}`)), at("});"));
  }
  return { lines, vars: jobVars };
}
