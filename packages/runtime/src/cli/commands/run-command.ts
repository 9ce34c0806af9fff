import { relative } from "node:path";
import { LocalBackend } from "../../backends/local/local-backend.ts";
import { localPaths } from "../../backends/local/local-paths.ts";
import { createReporter } from "../../progress/reporters.ts";
import type { ExitCode } from "../cli-error.ts";
import { compileForRun, type RunFlags } from "../run-input.ts";

export interface RunCommandFlags extends RunFlags {
  json?: boolean;
  parallel?: string;
  local?: boolean;
}

/**
 * `sluice run <file>`: compile, then execute the compiled spec. Local is the backend when no
 * Azure workspace is configured. Ctrl-C stops running steps and records the run as cancelled.
 */
export async function runCommand(file: string, flags: RunCommandFlags): Promise<ExitCode> {
  const { spec, file: path, config } = await compileForRun(file, flags);
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
  const reporter = createReporter({ json: flags.json === true });
  try {
    const parallelism = Number(flags.parallel ?? config.parallelism ?? 0);
    const run = await new LocalBackend(localPaths()).run(spec, { reporter, signal: controller.signal, parallelism, pipelineFile: relative(process.cwd(), path) });
    return run.status === "completed" ? 0 : 1;
  } finally {
    reporter.close();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
}
