import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRuns } from "../project-state.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";

/** `sluice logs <run> <step>`: the step's stdout (to stdout) and stderr (to stderr). */
export function logsCommand(runId: string, stepName: string): ExitCode {
  const store = projectRuns();
  let run = store.find(runId);
  let step = run.steps.find((s) => s.name === stepName || s.node === stepName);
  if (!step) throw new SluiceError("usage", `run ${run.id} has no step '${stepName}'`, { hint: `steps: ${run.steps.map((s) => s.name).join(", ")}` });
  if (step.reused && step.reusedFrom) {
    process.stderr.write(`(step '${step.name}' was reused; logs of run ${step.reusedFrom}, which produced it)\n`);
    try {
      run = store.get(step.reusedFrom);
      step = run.steps.find((s) => s.node === step?.node) ?? step;
    } catch {
      throw new SluiceError("usage", `the run that produced '${step.name}' (${step.reusedFrom}) is no longer here`);
    }
  }
  const dir = join(store.dir(run.id), "steps", step.node);
  const out = join(dir, "stdout.log");
  const err = join(dir, "stderr.log");
  if (!existsSync(out) && !existsSync(err)) throw new SluiceError("usage", `step '${step.name}' has no logs (status: ${step.status})`);
  if (existsSync(out)) process.stdout.write(readFileSync(out));
  if (existsSync(err)) process.stderr.write(readFileSync(err));
  return 0;
}
