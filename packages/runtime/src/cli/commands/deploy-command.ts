import { dirname, relative, resolve } from "node:path";
import { resolveWorkspace, type WorkspaceFlags } from "../../azure/workspace-config.ts";
import { LocalBackend } from "../../backends/local/local-backend.ts";
import { localPaths } from "../../backends/local/local-paths.ts";
import { type ExitCode, exitCodeForRun } from "../exit-codes.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { onePipelineFile } from "../../load/one-pipeline-file.ts";
import { reportDiagnostics } from "../report.ts";
import { compileForRun, type RunFlags } from "../run-input.ts";
import { writeJsonDiagnostics } from "../json-diagnostics.ts";
import { checkDownloadFolder, downloadOutputs } from "./outputs-command.ts";
import { followWithSignals } from "./run-command.ts";

export interface DeployFlags extends RunFlags, WorkspaceFlags {
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  runNow?: boolean;
  download?: string;
  /** false with `--no-types`. */
  types?: boolean;
}

/** Deploying is where a type error costs most: it is checked (ts-morph) before anything else. */
async function typeCheckOrStop(file: string, json: boolean): Promise<void> {
  const path = onePipelineFile(file, "deploy");
  const { typeCheckFile } = await import("../../typecheck/type-check.ts");
  const errors = await typeCheckFile(path as string);
  if (json && errors.length > 0) writeJsonDiagnostics(errors);
  if (reportDiagnostics(errors)) {
    throw new SluiceError("pipeline", "the pipeline file has TypeScript errors; nothing was deployed", {
      hint: "fix them (sluice check shows them too), or pass --no-types to deploy anyway",
    });
  }
}

/** No workspace configured: the same command runs the pipeline here (`--run-now` implied). */
async function deployLocally(compiled: Awaited<ReturnType<typeof compileForRun>>, flags: DeployFlags): Promise<ExitCode> {
  const { spec, file: path, config } = compiled;
  if (flags.dryRun) {
    // A dry run changes nothing: say what a local run would do, and stop.
    process.stderr.write("no Azure workspace configured (flags, AZUREML_WORKSPACE_NAME or config.json): nothing to deploy; a local run would do this\n");
    const { formatPlanRows, localPlan } = await import("./plan-command.ts");
    const rows = await localPlan(spec);
    if (flags.json) process.stdout.write(`${JSON.stringify({ workspace: null, dryRun: true, assets: [], local: rows }, null, 2)}\n`);
    else process.stdout.write(formatPlanRows(rows));
    return 0;
  }
  process.stderr.write("no Azure workspace configured (flags, AZUREML_WORKSPACE_NAME or config.json): running locally\n");
  const run = await followWithSignals(flags, (o) =>
    new LocalBackend(localPaths(dirname(path))).run(spec, { ...o, parallelism: config.parallelism ?? 0, pipelineFile: relative(process.cwd(), path) }),
  );
  if (flags.download && run.status === "completed") await downloadOutputs(run, resolve(flags.download));
  return exitCodeForRun(run.status);
}

/**
 * `sluice deploy <file>`: to the configured Azure ML workspace (the Azure client loads only
 * then), else the same command runs the pipeline on this machine.
 */
export async function deployCommand(file: string, flags: DeployFlags): Promise<ExitCode> {
  checkDownloadFolder(flags.download);
  if (flags.types !== false) await typeCheckOrStop(file, flags.json === true);
  const compiled = await compileForRun(file, flags, "deploy");
  const ref = resolveWorkspace(flags, process.env, dirname(compiled.file));
  if (!ref) return deployLocally(compiled, flags);
  const { connectTo } = await import("../../azure/connect.ts");
  const { deployToAzure } = await import("./deploy-to-azure.ts");
  return deployToAzure(await connectTo(ref), compiled.spec, compiled.file, flags);
}
