import { dirname, relative } from "node:path";
import type { Backend } from "../../backends/backend.ts";
import { LocalBackend } from "../../backends/local/local-backend.ts";
import { localPaths } from "../../backends/local/local-paths.ts";
import { resolveWorkspace, type WorkspaceFlags } from "../../azure/workspace-config.ts";
import type { Reporter } from "../../progress/events.ts";
import { createReporter } from "../../progress/reporters.ts";
import type { RunRecord } from "../../runs/run-record.ts";
import { type ExitCode, exitCodeForRun } from "../exit-codes.ts";
import type { CompileTarget } from "@sluice/compiler";
import { compileForRun, type RunFlags } from "../run-input.ts";

export interface RunCommandFlags extends RunFlags, WorkspaceFlags {
  json?: boolean;
  parallel?: number;
  local?: boolean;
}

/** The workspace a run goes to: one configured (flags, environment, config.json) unless `--local` is given. */
function workspaceFor(flags: WorkspaceFlags & { local?: boolean }, pipelineFile: string) {
  return flags.local ? undefined : resolveWorkspace(flags, process.env, dirname(pipelineFile));
}

/** Where a run of this file goes, for the compiler: a local plan is not asked for computes it ignores. */
export function runTarget(flags: WorkspaceFlags & { local?: boolean }): (pipelineFile: string) => CompileTarget {
  return (pipelineFile) => (workspaceFor(flags, pipelineFile) ? "azure" : "local");
}

/** Azure when a workspace is configured (flags, environment, config.json) and `--local` is not given. */
export async function chooseBackend(flags: WorkspaceFlags & { local?: boolean }, pipelineFile: string): Promise<Backend> {
  // The Azure client (~140 ms to load) only when a workspace is configured.
  const ref = workspaceFor(flags, pipelineFile);
  if (!ref) return new LocalBackend(localPaths(dirname(pipelineFile)));
  const { connectTo } = await import("../../azure/connect.ts");
  const workspace = await connectTo(ref);
  const { AzureBackend } = await import("../../azure/azure-backend.ts");
  process.stderr.write(`workspace ${workspace.ws} (from ${workspace.ref.source})\n`);
  return new AzureBackend(workspace, localPaths(dirname(pipelineFile)).stateDir);
}

/**
 * `sluice run <file>`: compile, then execute the compiled spec: on Azure when a workspace is
 * configured, else locally. Ctrl-C stops running steps (cancels the Azure job) and records it.
 */
export async function runCommand(file: string, flags: RunCommandFlags): Promise<ExitCode> {
  const { spec, file: path, config } = await compileForRun(file, flags, "run", runTarget(flags));
  const backend = await chooseBackend(flags, path);
  const parallelism = flags.parallel ?? config.parallelism ?? 0;
  const run = await followWithSignals(flags, (options) => backend.run(spec, { ...options, parallelism, pipelineFile: relative(process.cwd(), path) }));
  return exitCodeForRun(run.status);
}

/** Runs `start` with a reporter and Ctrl-C wired to cancellation (twice quits at once). */
export async function followWithSignals(
  flags: { json?: boolean; toStderr?: boolean },
  start: (options: { reporter: Reporter; signal: AbortSignal }) => Promise<RunRecord>,
): Promise<RunRecord> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nstopping steps… (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  const reporter = await createReporter({ json: flags.json === true, toStderr: flags.toStderr === true });
  try {
    return await start({ reporter, signal: controller.signal });
  } finally {
    reporter.close();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
}
