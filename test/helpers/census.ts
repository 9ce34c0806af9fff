// The census of the official job YAMLs (../shared/corpus/azureml-examples/cli/jobs): for each
// one, does the official SDK load it, does `sluice import` convert it, does the result compile,
// and is the REST body (and every command component) equal to the SDK's serialization. One
// Python process answers for every file (the SDK takes seconds to start, milliseconds per file).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { compilePipeline, type ExecutionPlan, formatDiagnostics, restJobJson } from "@sluice/compiler";
import { emitCliYaml, emitCliYamlComponents } from "@sluice/compiler/yaml";
import { loadPipelines } from "@sluice/runtime";
import { importPipeline } from "../../packages/runtime/src/import/import-pipeline.ts";
import { swaggerFor } from "../azureml-emulator/swagger.ts";
import { REPO_ROOT } from "./run-node.ts";
import { componentView, firstDifference, type Json, sdkView, strip } from "./sdk-compare.ts";

/** How far one YAML got: each stage needs the one before; `compiles` is as far as a YAML the SDK here cannot load gets. */
export type Stage = "import-refuses" | "compile-fails" | "compiles" | "differs" | "equal";

export interface CensusRow {
  /** Path under `cli/jobs/`. */
  file: string;
  /** The job's type (`pipeline`, `command`, …). */
  type: string;
  stage: Stage;
  /** Why it stopped there: the SDK's or Sluice's first line, or the first differing field. */
  detail: string;
  /** The compiled plan of a row that came out equal (its CLI YAML is checked next). */
  plan?: ExecutionPlan;
}

export { jobYamls } from "./job-yamls.ts";

/** The SDK's answer for each file: its REST body, or the first line of its refusal. */
export function sdkBodies(
  files: readonly string[],
  options: { privateFeatures?: boolean } = {},
): Map<string, { ok: true; body: Json } | { ok: false; error: string }> {
  // SDK 1.4.0 reads control-flow nodes (if_else, do_while, parallel_for) only with its private features on.
  const env = options.privateFeatures ? { ...process.env, AZURE_ML_CLI_PRIVATE_FEATURES_ENABLED: "true" } : process.env;
  const r = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_census.py")], {
    env,
    input: files.join("\n"),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`the census oracle failed: ${r.stderr}`);
  return new Map(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .map((d) => [d.file, d]),
  );
}

/** The SDK's refusal up to where it prints a Python dict, whose key order differs from run to run. */
const stableError = (error: string) => error.replace(/\{.*$/, "{…}");

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

/** Imports, compiles and compares one YAML; `work` is a folder inside the repository (so `@sluice/dsl` resolves). */
export async function censusRow(
  root: string,
  file: string,
  work: string,
  sdk: { ok: true; body: Json } | { ok: false; error: string } | undefined,
): Promise<CensusRow> {
  const yaml = join(root, file);
  const type = String(parse(readFileSync(yaml, "utf8"))?.type ?? "command");
  const row = (stage: Stage, detail: string): CensusRow => ({ file, type, stage, detail });
  const out = join(work, `${file.replace(/[/\\]/g, "__").replace(/\.ya?ml$/, "")}.pipeline.ts`);
  mkdirSync(dirname(out), { recursive: true });
  try {
    writeFileSync(out, importPipeline(yaml, out));
  } catch (e) {
    return row("import-refuses", firstLine(e).replace(`${REPO_ROOT}/`, ""));
  }
  const loaded = await loadPipelines(out);
  const ir = loaded.pipelines[0]?.ir;
  if (loaded.diagnostics.length > 0 || !ir) return row("compile-fails", firstLine(formatDiagnostics(loaded.diagnostics, REPO_ROOT)));
  // As `sluice compile` does: data the example's own prepare script downloads may be missing.
  const result = compilePipeline(ir, { emitOnly: true });
  if (!result.ok) return row("compile-fails", firstLine(formatDiagnostics(result.diagnostics, REPO_ROOT)));
  if (!sdk?.ok) {
    const problems = restSpecProblems(JSON.parse(restJobJson(result.model, dirname(yaml))));
    if (problems.length > 0) return row("compile-fails", `its body breaks the REST spec: ${problems[0]}`);
    return row("compiles", `valid per the REST spec; the SDK here refuses it: ${stableError(sdk?.error ?? "no answer")}`);
  }
  const difference = sdkDifference(result.model, sdk.body, yaml);
  return difference ? row("differs", difference) : { ...row("equal", ""), plan: result.model };
}

/**
 * The other half of equality: the CLI v2 YAML `sluice compile` writes for each equal row,
 * loaded by the official SDK (as `az ml job create -f` would load it) and serialized again, must
 * give the same body. Returns, per file that does not, the SDK's refusal or the first difference.
 */
export function yamlRoundTrips(rows: readonly CensusRow[], work: string): Map<string, string> {
  const dir = join(work, "cli-yaml");
  mkdirSync(dir, { recursive: true });
  const written = rows.flatMap((r) => {
    if (!r.plan) return [];
    // Each in its own folder: pipeline components are written beside the job as their own files.
    const yaml = join(dir, r.file.replace(/[/\\]/g, "__").replace(/\.ya?ml$/, ""), "job.yml");
    mkdirSync(dirname(yaml), { recursive: true });
    writeFileSync(yaml, emitCliYaml(r.plan, dirname(yaml)));
    for (const [name, text] of Object.entries(emitCliYamlComponents(r.plan, dirname(yaml)))) writeFileSync(join(dirname(yaml), name), text);
    return [{ file: r.file, plan: r.plan, yaml }];
  });
  const back = sdkBodies(written.map((w) => w.yaml));
  const problems = new Map<string, string>();
  for (const w of written) {
    const b = back.get(w.yaml);
    const problem = !b?.ok ? `the SDK refuses it: ${stableError(b?.error ?? "no answer").split("\n")[0]}` : sdkDifference(w.plan, b.body, w.yaml);
    if (problem) problems.set(w.file, problem);
  }
  return problems;
}

/**
 * Where a compiled plan's job body differs from the SDK's serialization of `yaml` (paths as the
 * YAML's folder sees them), or undefined when equal: the body, and every command component by
 * its view; a standalone job's code and environment by what they name.
 */
export function sdkDifference(plan: ExecutionPlan, sdkBody: Json, yaml: string): string | undefined {
  const ours = localPaths(JSON.parse(restJobJson(plan, dirname(yaml))).properties, dirname(yaml));
  const theirs = localPaths(structuredClone(sdkBody.properties), dirname(yaml));
  try {
    return ours.jobType === "Pipeline" ? pipelineDifference(plan, ours, theirs, dirname(yaml)) : standaloneDifference(plan, ours, theirs, dirname(yaml));
  } catch (e) {
    return `the comparison failed: ${firstLine(e)}`;
  }
}

function pipelineDifference(plan: ExecutionPlan, ours: Json, theirs: Json, dir: string): string | undefined {
  const body = firstDifference(strip(ours), strip(theirs));
  if (body) return body;
  for (const node of plan.nodes) {
    if (node.kind !== "command" && node.kind !== "sweep" && node.kind !== "spark") continue;
    const reference = node.kind !== "sweep" ? plan.components.find((c) => c.id === node.component)?.reference : undefined;
    const sdkNode = theirs.jobs[node.key];
    if (reference !== undefined) {
      const d = firstDifference(reference.replace(/^azureml:(?!\/\/)/, ""), sdkNode.componentId, `.jobs.${node.key}.componentId`);
      if (d) return d;
      continue;
    }
    const spec = node.kind !== "sweep" ? parse(sdkNode.componentId) : sdkNode.trial.properties.componentSpec;
    const d = firstDifference(componentView(plan, node.component, dir), sdkView(spec), `.jobs.${node.key}.component`);
    if (d) return d;
  }
  return undefined;
}

/**
 * A standalone job: everything equal but its code and environment (a sweep's trial's), which the
 * SDK names by what the YAML wrote and Sluice by placeholder; those are compared by what they name.
 */
function standaloneDifference(plan: ExecutionPlan, ours: Json, theirs: Json, dir: string): string | undefined {
  if (ours.jobType === "AutoML") return firstDifference(ours, automlView(theirs));
  const sweep = ours.jobType === "Sweep";
  // Whitespace in a command is the shell's (a folded YAML line may keep a trailing space).
  const words = (command: unknown) => (typeof command === "string" ? command.replace(/\s+/g, " ").trim() : command);
  const plain = (body: Json) =>
    sweep
      ? { ...body, trial: { ...body.trial, codeId: undefined, environmentId: undefined, command: words(body.trial.command) } }
      : { ...body, codeId: undefined, environmentId: undefined, command: words(body.command) };
  const body = firstDifference(plain(ours), plain(theirs));
  if (body) return body;
  const at = sweep ? theirs.trial : theirs;
  const view = componentView(plan, plan.components[0]?.id ?? "", dir);
  const code = at.codeId === undefined ? undefined : sdkView({ code: join(dir, at.codeId) }).code;
  return firstDifference(view.code, code, ".codeId") ?? environmentDifference(view.environment, at.environmentId);
}

/**
 * An AutoML job as the SDK sends it, less what SDK 1.4.0 adds that no REST spec defines
 * (`limitSettings.sweepTrials` and `sweepConcurrentTrials`, always 0 for tabular tasks).
 */
function automlView(body: Json): Json {
  const limits = body.taskDetails?.limitSettings;
  if (limits?.sweepTrials === 0) delete limits.sweepTrials;
  if (limits?.sweepConcurrentTrials === 0) delete limits.sweepConcurrentTrials;
  return body;
}

/** The SDK names a registered environment without `azureml:`, and an inline one by its repr (its image is in it). */
function environmentDifference(ours: Json, theirs: string): string | undefined {
  if (typeof ours === "string") return firstDifference(ours.replace(/^azureml:/, ""), theirs.replace(/^azureml:/, ""), ".environmentId");
  if (typeof theirs === "string" && theirs.startsWith("Environment("))
    return ours.image && !theirs.includes(ours.image) ? `.environmentId: image ${ours.image} not in the SDK's` : undefined;
  return firstDifference(ours, theirs, ".environmentId");
}

/**
 * Local data paths resolved against the YAML's folder: the SDK keeps them as written (`data`,
 * `./data`) and uploads them at submission, so only the folder they name can be compared.
 */
function localPaths(body: Json, dir: string): Json {
  const fix = (inputs: Json) => {
    for (const i of Object.values<Json>(inputs ?? {}))
      if (typeof i?.uri === "string" && !/^[A-Za-z][A-Za-z0-9+.-]+:/.test(i.uri) && !i.uri.includes("@") && !i.uri.includes("${{")) i.uri = resolve(dir, i.uri);
  };
  fix(body.inputs);
  // An AutoML job's tables are in its task details.
  fix(body.taskDetails);
  for (const node of Object.values<Json>(body.jobs ?? {})) fix(node.inputs);
  return body;
}

const WS = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w";
const spec = swaggerFor("2024-04-01");

/** A job body checked against the REST spec (2024-04-01) once its placeholders are ARM ids, as deploy sends it. */
function restSpecProblems(body: Json): string[] {
  const text = JSON.stringify(body)
    .replace(/"sluice:code:[^"]*"/g, `"${WS}/codes/c/versions/1"`)
    .replace(/"sluice:environment:[^"]*"/g, `"${WS}/environments/e/versions/1"`)
    .replace(/"sluice:component:[^"]*"/g, `"${WS}/components/c/versions/1"`);
  const at = spec?.bodySchema("PUT", `${WS}/jobs/j`);
  if (!spec || !at) throw new Error("the 2024-04-01 REST spec has no job body schema");
  return spec.validate(at, JSON.parse(text));
}

/** The census as a table, one line per YAML, then the totals by stage. */
export function censusTable(rows: readonly CensusRow[]): string {
  const lines = rows.map((r) => `${r.stage.padEnd(14)} ${r.type.padEnd(9)} ${r.file}${r.detail ? `\n${" ".repeat(25)}${r.detail}` : ""}`);
  const totals = censusTotals(rows);
  return [
    ...lines,
    "",
    Object.entries(totals)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", "),
  ].join("\n");
}

export function censusTotals(rows: readonly CensusRow[]): Record<Stage | "jobs", number> {
  const totals = { jobs: rows.length, "import-refuses": 0, "compile-fails": 0, compiles: 0, differs: 0, equal: 0 };
  for (const r of rows) totals[r.stage] += 1;
  return totals;
}
