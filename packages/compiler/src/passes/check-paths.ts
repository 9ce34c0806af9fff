import { dirname, isAbsolute, relative, resolve } from "node:path";
import { stepReads } from "../graph/step-io.ts";
import { isLocalUri } from "../lower/bindings.ts";
import type { EnvironmentIR, SourceLocation, StepIR } from "@sluice/dsl/ir";
import type { CompilerHost } from "../host/compiler-host.ts";
import type { StepCode } from "../kinds/step-kind.ts";
import { kindOf } from "../kinds/step-kinds.ts";
import type { CompileContext, Pass } from "../context.ts";

type Stat = ReturnType<CompilerHost["stat"]>;

/** One stat per path per compile, through the host. */
class StatCache {
  private readonly seen = new Map<string, Stat>();
  private readonly host: CompilerHost;

  constructor(host: CompilerHost) {
    this.host = host;
  }

  of(path: string): Stat {
    if (!this.seen.has(path)) this.seen.set(path, this.host.stat(path));
    return this.seen.get(path);
  }
}

function escapes(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel.startsWith("..") || isAbsolute(rel);
}

function checkBuildContext(
  ctx: CompileContext,
  env: Extract<EnvironmentIR, { type: "build" }>,
  at: { location: SourceLocation; path: string },
  cache: StatCache,
): void {
  const dir = resolve(ctx.dirOf(env.definedAt), env.path);
  const dockerfile = resolve(dir, env.dockerfile ?? "Dockerfile");
  const missing = !cache.of(dir)?.isDirectory
    ? `build context '${env.path}'`
    : !cache.of(dockerfile)?.isFile
      ? `Dockerfile '${env.dockerfile ?? "Dockerfile"}' in '${env.path}'`
      : undefined;
  if (missing)
    ctx.diagnostics.report(
      "SL111",
      at,
      `${missing} does not exist (looked for ${relative(ctx.host.cwd(), missing.startsWith("build") ? dir : dockerfile)})`,
      "the context is relative to the file that calls environment(), the Dockerfile to the context",
    );
}

function checkEnvironment(ctx: CompileContext, env: EnvironmentIR | undefined, at: { location: SourceLocation; path: string }, cache: StatCache): void {
  if (env?.type === "build") {
    checkBuildContext(ctx, env, at, cache);
    return;
  }
  if (env?.type !== "image" || env.condaFile === undefined) return;
  const file = resolve(ctx.dirOf(env.definedAt), env.condaFile);
  if (!cache.of(file)?.isFile) {
    ctx.diagnostics.report(
      "SL111",
      at,
      `conda file '${env.condaFile}' does not exist (looked for ${relative(ctx.host.cwd(), file) || file})`,
      "paths are relative to the file that calls environment(); fix the path or create the file",
    );
  }
}

/** The code folder must exist and hold the script; only the folder is uploaded. */
function checkCode(ctx: CompileContext, step: StepIR, code: StepCode, cache: StatCache): void {
  const shown = relative(ctx.host.cwd(), code.dir) || ".";
  const stats = cache.of(code.dir);
  if (!stats?.isDirectory) {
    // A file there exists: "does not exist" would send the user looking for a typo.
    const problem = stats ? `is a file, not a folder (${shown})` : `does not exist (looked for ${shown})`;
    ctx.diagnostics.report(
      "SL108",
      ctx.at(step),
      `source directory '${code.written}' of step '${step.name}' ${problem}`,
      stats
        ? "sourceDirectory is the folder uploaded with the step; name the folder, and the file in script"
        : "sourceDirectory is relative to the pipeline file; fix the path or create the folder",
    );
    return;
  }
  if (code.script === undefined) return;
  const script = resolve(code.dir, code.script);
  if (escapes(code.dir, script)) {
    ctx.diagnostics.report(
      "SL110",
      ctx.at(step),
      `script '${code.script}' lies outside source directory '${code.written}'`,
      "only the source directory is uploaded: move the script into it or widen sourceDirectory",
    );
  } else if (!cache.of(script)?.isFile) {
    ctx.diagnostics.report(
      "SL109",
      ctx.at(step),
      `script '${code.script}' does not exist in '${code.written}' (looked for ${relative(ctx.host.cwd(), script)})`,
      "script is relative to sourceDirectory; fix the name or create the file",
    );
  }
}

/** What a local path is, as far as a data type cares: missing, a file, a folder with or without an MLTable file. */
type PathShape = "missing" | "file" | "folder" | "mltable-folder";

function shapeOf(path: string, cache: StatCache): PathShape {
  const stats = cache.of(path);
  if (!stats) return "missing";
  if (!stats.isDirectory) return "file";
  return cache.of(resolve(path, "MLTable"))?.isFile === true ? "mltable-folder" : "folder";
}

/** The data types a path of each shape can be given as (an mltable is a folder its MLTable file describes). */
const FITS: Record<Exclude<PathShape, "missing">, readonly string[]> = {
  file: ["uri_file", "custom_model"],
  folder: ["uri_folder", "custom_model", "mlflow_model", "triton_model"],
  "mltable-folder": ["uri_folder", "mltable", "custom_model", "mlflow_model", "triton_model"],
};
const CHECKED_TYPES = new Set(Object.values(FITS).flat());

/** Why a local path cannot be data of its type, in terms both places that check paths word their own way. */
type Mismatch = { kind: "missing" } | { kind: "no-mltable" } | { kind: "wrong"; is: "a file" | "a folder"; fix: "uri_file" | "uri_folder" };

/** One rule wherever a local path is given, at a step or as a pipeline input; a type Sluice does not know is passed through. */
function pathMismatch(shape: PathShape, type: string): Mismatch | undefined {
  if (shape === "missing") return { kind: "missing" };
  if (!CHECKED_TYPES.has(type) || FITS[shape].includes(type)) return undefined;
  if (shape === "folder" && type === "mltable") return { kind: "no-mltable" };
  return shape === "file" ? { kind: "wrong", is: "a file", fix: "uri_file" } : { kind: "wrong", is: "a folder", fix: "uri_folder" };
}

const MLTABLE_HINT = "add an MLTable file describing its files (paths, read_delimited)";

/** Data given at a step as a local path must exist, as a folder or a file as its type says. */
function checkStepData(ctx: CompileContext, step: StepIR, cache: StatCache): void {
  for (const read of stepReads(step)) {
    const ref = read.ref;
    if (ref.type !== "uri" || !isLocalUri(ref.uri)) continue;
    const type = ref.assetType ?? "uri_folder";
    const wrong = pathMismatch(shapeOf(resolve(dirname(ref.base), ref.uri), cache), type);
    if (!wrong) continue;
    const problem =
      wrong.kind === "missing"
        ? "does not exist"
        : wrong.kind === "no-mltable"
          ? "is an mltable folder without an MLTable file"
          : `is ${wrong.is}, but input '${read.slot}' takes ${type}`;
    const hint =
      wrong.kind === "no-mltable"
        ? `${MLTABLE_HINT}, or pass the folder with dataFolder`
        : "paths are relative to the file that names them; fix the path, or use dataFile/dataFolder to match what it is";
    if (wrong.kind === "missing" && ctx.emitOnly)
      ctx.diagnostics.report("SL505", ctx.at(step), `data '${ref.uri}' given to step '${step.name}' does not exist yet`, NOT_YET);
    else ctx.diagnostics.report("SL112", ctx.at(step), `data '${ref.uri}' given to step '${step.name}' ${problem}`, hint);
  }
}

/** The hint of SL505: the spec is written; what will need the data. */
const NOT_YET = "the job spec is written; create the data (or fix the path) before sluice run, deploy or check";

/** A pipeline's local input must exist and be what its declared type says (an mltable: a folder with an MLTable file). */
function checkPipelineData(ctx: CompileContext, cache: StatCache): void {
  for (const input of ctx.ir.inputs) {
    if (input.type !== "local") continue;
    const wrong = pathMismatch(shapeOf(resolve(ctx.dirOf(input.definedAt), input.path), cache), input.assetType);
    if (!wrong) continue;
    const at = ctx.atPipeline(input.definedAt);
    const declared = `local input '${input.name}' is declared ${input.assetType} but '${input.path}'`;
    if (wrong.kind === "missing" && ctx.emitOnly)
      ctx.diagnostics.report("SL505", at, `local input '${input.name}' points at '${input.path}', which does not exist yet`, NOT_YET);
    else if (wrong.kind === "missing")
      ctx.diagnostics.report(
        "SL112",
        at,
        `local input '${input.name}' points at '${input.path}', which does not exist`,
        "paths are relative to the pipeline file; fix the path",
      );
    else if (wrong.kind === "no-mltable")
      ctx.diagnostics.report("SL112", at, `${declared} is a folder without an MLTable file`, `${MLTABLE_HINT}, or declare it { type: "uri_folder" }`);
    else ctx.diagnostics.report("SL112", at, `${declared} is ${wrong.is}`, `declare it { type: "${wrong.fix}" }, or fix the path`);
  }
}

/** Files the pipeline points at must exist now, not fail twenty minutes into a cluster run. */
export const checkPaths: Pass = (ctx) => {
  const cache = new StatCache(ctx.host);
  for (const step of ctx.ir.steps) {
    const kind = kindOf(step);
    checkEnvironment(ctx, kind.environment(step), ctx.at(step), cache);
    const code = kind.code(step);
    if (code && !code.builtin) checkCode(ctx, step, code, cache);
    checkStepData(ctx, step, cache);
  }
  checkPipelineData(ctx, cache);
};
