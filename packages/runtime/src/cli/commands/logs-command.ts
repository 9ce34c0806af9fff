import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRuns } from "../project-state.ts";
import { redact } from "../../errors/redact.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";
import type { StepRecord } from "../../runs/run-record.ts";

/** A sweep trial's log (its stdout and stderr together, as the engine wrote them). */
function trialLog(dir: string, step: StepRecord, trial: string): ExitCode {
  const known = step.trials?.map((t) => t.id) ?? [];
  if (!step.trials) throw new SluiceError("usage", `step '${step.name}' is not a sweep, or recorded no trials`, { hint: "drop --trial for the step's log" });
  if (!known.includes(trial)) throw new SluiceError("usage", `sweep '${step.name}' has no trial '${trial}'`, { hint: `trials: ${known.join(", ") || "none"}` });
  const log = join(dir, "trials", trial, "trial.log");
  if (!existsSync(log)) throw new SluiceError("usage", `trial '${trial}' of '${step.name}' has no log here`);
  process.stdout.write(redact(readFileSync(log, "utf8")));
  return 0;
}

/** `sluice logs <run> <step> [--trial id]`: the step's stdout (to stdout) and stderr (to stderr), or one sweep trial's log. */
export function logsCommand(runId: string, stepName: string, options: { trial?: string } = {}): ExitCode {
  const store = projectRuns();
  let run = store.find(runId);
  let step = run.steps.find((s) => s.name === stepName || s.node === stepName);
  if (!step) throw new SluiceError("usage", `run ${run.id} has no step '${stepName}'`, { hint: `steps: ${run.steps.map((s) => s.name).join(", ")}` });
  if (step.reused && step.reusedFrom) {
    process.stderr.write(`(step '${step.name}' was reused; logs of run ${step.reusedFrom}, which produced it)\n`);
    const from = store.ids().includes(step.reusedFrom) ? store.read(step.reusedFrom) : undefined;
    if (!from) throw new SluiceError("usage", `the run that produced '${step.name}' (${step.reusedFrom}) is no longer here`);
    if (!from.ok) throw new SluiceError("usage", `the run that produced '${step.name}' (${step.reusedFrom}) cannot be read (run.json: ${from.problem})`);
    run = from.value;
    step = run.steps.find((s) => s.node === step?.node) ?? step;
  }
  const dir = join(store.dir(run.id), "steps", step.node);
  if (options.trial !== undefined) return trialLog(dir, step, options.trial);
  const out = join(dir, "stdout.log");
  const err = join(dir, "stderr.log");
  if (!existsSync(out) && !existsSync(err)) throw new SluiceError("usage", `step '${step.name}' has no logs (status: ${step.status})`);
  // What a script printed is shown as written, its secrets aside (a CI log keeps what it is shown).
  if (existsSync(out)) process.stdout.write(redact(readFileSync(out, "utf8")));
  if (existsSync(err)) process.stderr.write(redact(readFileSync(err, "utf8")));
  return 0;
}
