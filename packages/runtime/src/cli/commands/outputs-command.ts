import { cpSync, existsSync, realpathSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { ensureDir } from "../../fs/atomic-write.ts";
import { isFile } from "../../fs/is-file.ts";
import { assertSegment, safeJoin } from "../../fs/safe-path.ts";
import type { RunRecord } from "../../runs/run-record.ts";
import { projectRuns } from "../project-state.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";

/** A pipeline output name, or `<step>.<output>` (step name as written, or its node key). */
function locate(run: RunRecord, name: string): { node: string; output: string; type: string } {
  const exposed = run.outputs[name];
  if (exposed) return exposed;
  const dot = name.lastIndexOf(".");
  const step = run.steps.find((s) => s.name === name.slice(0, dot) || s.node === name.slice(0, dot));
  if (dot > 0 && step) return { node: step.node, output: assertSegment(name.slice(dot + 1), "output name"), type: "uri_folder" };
  throw new SluiceError("usage", `run ${run.id} has no output '${name}'`, {
    hint: `pipeline outputs: ${Object.keys(run.outputs).join(", ") || "none"}; step outputs are named <step>.<output>`,
  });
}

/** Where a local run keeps an output; an error when the step never completed. */
function localOutput(run: RunRecord, output: string): string {
  const where = locate(run, output);
  const path = safeJoin(safeJoin(projectRuns().dir(run.id), "steps"), where.node, "outputs", where.output);
  if (!existsSync(path)) throw new SluiceError("run", `output '${output}' of run ${run.id} does not exist (the step did not complete)`);
  return realpathSync(path);
}

function targetFor(dir: string, output: string): string {
  return safeJoin(resolve(dir), assertSegment(output.replace(/\./g, "_"), "output name"));
}

async function downloadOne(run: RunRecord, output: string, dir: string): Promise<string> {
  const where = locate(run, output);
  const target = targetFor(dir, output);
  if (run.backend === "azure" && run.azure) {
    const { reconnect } = await import("../../azure/connect.ts");
    const { DataPlane } = await import("../../azure/data-plane.ts");
    const { downloadAzureOutput } = await import("../../azure/azure-outputs.ts");
    const w = await reconnect(run.azure);
    const got = await downloadAzureOutput(w, new DataPlane(w), run, where, target);
    process.stderr.write(`${output}: ${got.files} file(s), ${got.bytes} bytes\n`);
    return target;
  }
  // Its folder first, one level at a time: a refusal (a file in the way, /proc) is then named there.
  ensureDir(dirname(target));
  cpSync(localOutput(run, output), target, { recursive: true, dereference: true, force: true });
  return target;
}

/** Every pipeline output of a finished run into `<dir>/<output>/` (what `deploy --download` does). */
export async function downloadOutputs(run: RunRecord, dir: string): Promise<void> {
  for (const name of Object.keys(run.outputs).sort()) {
    const target = await downloadOne(run, name, dir);
    process.stdout.write(`${shown(target)}\n`);
  }
}

/** Relative to the current folder when inside it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") ? path : rel;
}

/**
 * A `--download` folder that is a file, named as given, not as "a part of the path is a file" of
 * the `<dir>/<output>` written under it; checked before a run (`deploy --run-now`) rather than after.
 */
export function checkDownloadFolder(dir: string | undefined): void {
  if (dir !== undefined && isFile(dir))
    throw new SluiceError("usage", `--download ${dir} is a file: give a folder`, { hint: "outputs are written into <dir>/<output>/" });
}

/** `sluice outputs <run> [output] [--download <dir>]`: list outputs, or fetch one into `<dir>/<output>/`. */
export async function outputsCommand(runId: string, output: string | undefined, flags: { download?: string }): Promise<ExitCode> {
  checkDownloadFolder(flags.download);
  const run = projectRuns().find(runId);
  if (output === undefined && flags.download) {
    await downloadOutputs(run, resolve(flags.download));
    return 0;
  }
  if (output === undefined) {
    for (const [name, o] of Object.entries(run.outputs)) process.stdout.write(`${name}\t${o.type}\t${o.node}.${o.output}\n`);
    return 0;
  }
  if (!flags.download) {
    if (run.backend === "azure")
      throw new SluiceError("usage", `run ${run.id} ran on Azure; its outputs live in the workspace`, {
        hint: `fetch one with: sluice outputs ${run.id} ${output} --download <dir>`,
      });
    process.stdout.write(`${localOutput(run, output)}\n`);
    return 0;
  }
  const target = await downloadOne(run, output, flags.download);
  process.stdout.write(`${shown(target)}\n`);
  return 0;
}
