import { cpSync, existsSync, realpathSync } from "node:fs";
import { relative, resolve } from "node:path";
import { localPaths } from "../../backends/local/local-paths.ts";
import { assertSegment, safeJoin } from "../../fs/safe-path.ts";
import type { RunRecord } from "../../runs/run-record.ts";
import { RunStore } from "../../runs/run-store.ts";
import { CliError, type ExitCode } from "../cli-error.ts";

/** A pipeline output name, or `<step>.<output>` (step name as written, or its node key). */
function locate(run: RunRecord, name: string): { node: string; output: string } {
  const exposed = run.outputs[name];
  if (exposed) return exposed;
  const dot = name.lastIndexOf(".");
  const step = run.steps.find((s) => s.name === name.slice(0, dot) || s.node === name.slice(0, dot));
  if (dot > 0 && step) return { node: step.node, output: assertSegment(name.slice(dot + 1), "output name") };
  throw new CliError(`run ${run.id} has no output '${name}'`, { hint: `pipeline outputs: ${Object.keys(run.outputs).join(", ") || "none"}; step outputs are named <step>.<output>` });
}

/** `sluice outputs <run> [output] [--download <dir>]`: list outputs, or copy one into `<dir>/<output>/`. */
export function outputsCommand(runId: string, output: string | undefined, flags: { download?: string }): ExitCode {
  const store = new RunStore(localPaths().stateDir);
  const run = store.get(runId);
  const stepsDir = safeJoin(store.dir(run.id), "steps");
  if (output === undefined) {
    for (const [name, o] of Object.entries(run.outputs)) process.stdout.write(`${name}\t${o.type}\t${o.node}.${o.output}\n`);
    return 0;
  }
  const where = locate(run, output);
  const path = safeJoin(stepsDir, where.node, "outputs", where.output);
  if (!existsSync(path)) throw new CliError(`output '${output}' of run ${run.id} does not exist (the step did not complete)`, { exitCode: 1 });
  if (!flags.download) {
    process.stdout.write(`${realpathSync(path)}\n`);
    return 0;
  }
  const target = safeJoin(resolve(flags.download), assertSegment(output.replace(/\./g, "_"), "output name"));
  cpSync(realpathSync(path), target, { recursive: true, dereference: true, force: true });
  process.stdout.write(`${relative(process.cwd(), target) || target}\n`);
  return 0;
}
