import { statSync, type Stats } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { EnvironmentIR, SourceLocation } from "@sluice/dsl/ir";
import type { CompileContext, Pass } from "../context.ts";

function statOf(path: string, cache: Map<string, Stats | undefined>): Stats | undefined {
  if (!cache.has(path)) cache.set(path, statSync(path, { throwIfNoEntry: false }));
  return cache.get(path);
}

function escapes(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel.startsWith("..") || isAbsolute(rel);
}

function checkEnvironment(
  ctx: CompileContext,
  env: EnvironmentIR | undefined,
  at: { location: SourceLocation; path: string },
  cache: Map<string, Stats | undefined>,
): void {
  if (env?.type !== "image" || env.condaFile === undefined) return;
  const file = resolve(ctx.dirOf(env.definedAt), env.condaFile);
  if (!statOf(file, cache)?.isFile()) {
    ctx.diagnostics.error(
      "SL111",
      at,
      `conda file '${env.condaFile}' does not exist (looked for ${relative(process.cwd(), file) || file})`,
      "paths are relative to the file that calls environment(); fix the path or create the file",
    );
  }
}

/** Files the pipeline points at must exist now, not fail twenty minutes into a cluster run. */
export const checkPaths: Pass = (ctx) => {
  const cache = new Map<string, Stats | undefined>();
  for (const step of ctx.ir.steps) {
    if (step.kind === "automl") continue;
    checkEnvironment(ctx, step.environment, ctx.at(step), cache);
    if (step.kind !== "python") continue;
    const dir = resolve(ctx.dirOf(step.definedAt), step.sourceDirectory);
    const shown = relative(process.cwd(), dir) || ".";
    if (!statOf(dir, cache)?.isDirectory()) {
      ctx.diagnostics.error(
        "SL108",
        ctx.at(step),
        `source directory '${step.sourceDirectory}' of step '${step.name}' does not exist (looked for ${shown})`,
        "sourceDirectory is relative to the pipeline file; fix the path or create the folder",
      );
      continue;
    }
    const script = resolve(dir, step.script);
    if (escapes(dir, script)) {
      ctx.diagnostics.error(
        "SL110",
        ctx.at(step),
        `script '${step.script}' lies outside source directory '${step.sourceDirectory}'`,
        "only the source directory is uploaded: move the script into it or widen sourceDirectory",
      );
    } else if (!statOf(script, cache)?.isFile()) {
      ctx.diagnostics.error(
        "SL109",
        ctx.at(step),
        `script '${step.script}' does not exist in '${step.sourceDirectory}' (looked for ${relative(process.cwd(), script)})`,
        "script is relative to sourceDirectory; fix the name or create the file",
      );
    }
  }
  for (const input of ctx.ir.inputs) {
    if (input.type !== "local") continue;
    const path = resolve(ctx.dirOf(input.definedAt), input.path);
    const stats = statOf(path, cache);
    const at = ctx.atPipeline(input.definedAt);
    if (!stats)
      ctx.diagnostics.error(
        "SL112",
        at,
        `local input '${input.name}' points at '${input.path}', which does not exist`,
        "paths are relative to the pipeline file; fix the path",
      );
    else if (stats.isDirectory() !== (input.assetType === "uri_folder")) {
      const is = stats.isDirectory() ? "a folder" : "a file";
      ctx.diagnostics.error(
        "SL112",
        at,
        `local input '${input.name}' is declared ${input.assetType} but '${input.path}' is ${is}`,
        `pass { type: "${stats.isDirectory() ? "uri_folder" : "uri_file"}" } to localFiles()`,
      );
    }
  }
};
