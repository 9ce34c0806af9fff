import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRuns } from "../project-state.ts";
import { CliError, type ExitCode } from "../cli-error.ts";

/** `sluice logs <run> <step>`: the step's stdout (to stdout) and stderr (to stderr). */
export function logsCommand(runId: string, stepName: string): ExitCode {
  const store = projectRuns();
  let run = store.find(runId);
  let step = run.steps.find((s) => s.name === stepName || s.node === stepName);
  if (!step) throw new CliError(`run ${run.id} has no step '${stepName}'`, { hint: `steps: ${run.steps.map((s) => s.name).join(", ")}` });
  if (step.reused && step.reusedFrom) {
    process.stderr.write(`(step '${step.name}' was reused; logs of run ${step.reusedFrom}, which produced it)\n`);
    try {
      run = store.get(step.reusedFrom);
      step = run.steps.find((s) => s.node === step?.node) ?? step;
    } catch {
      throw new CliError(`the run that produced '${step.name}' (${step.reusedFrom}) is no longer here`, { exitCode: 1 });
    }
  }
  const dir = join(store.dir(run.id), "steps", step.node);
  const out = join(dir, "stdout.log");
  const err = join(dir, "stderr.log");
  if (!existsSync(out) && !existsSync(err)) throw new CliError(`step '${step.name}' has no logs (status: ${step.status})`, { exitCode: 1 });
  if (existsSync(out)) process.stdout.write(readFileSync(out));
  if (existsSync(err)) process.stderr.write(readFileSync(err));
  return 0;
}
