import { describeState, localPaths } from "../../backends/local/local-paths.ts";
import { counted } from "../../progress/counted.ts";
import { publicRun } from "../../runs/run-record.ts";
import { describeProblem } from "../../runs/run-store.ts";
import { projectRuns } from "../project-state.ts";
import type { ExitCode } from "../exit-codes.ts";

function duration(start: string, end: string | null): string {
  if (!end) return "-";
  return `${((Date.parse(end) - Date.parse(start)) / 1000).toFixed(1)}s`;
}

/**
 * `sluice runs [--json]`: newest first; the JSON shape is a contract for scripts. A run whose
 * record cannot be read is named on stderr and left out; the others are still listed.
 */
export function runsCommand(flags: { json?: boolean }): ExitCode {
  const paths = localPaths();
  const { runs, problems } = projectRuns(paths).scan();
  for (const problem of problems) process.stderr.write(`sluice: skipped ${describeProblem(problem)}\n`);
  if (problems.length > 0) process.stderr.write("  hint: `sluice gc` removes runs whose record cannot be read\n");
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(runs.map(publicRun), null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0) process.stdout.write(`no runs in ${describeState(paths)}\n  hint: \`sluice run <file>\` starts one\n`);
  for (const run of runs) {
    // A control-flow node decided; it ran nothing.
    const ran = run.steps.filter((s) => s.status === "completed" && !s.reused && !s.control).length;
    const reused = run.steps.filter((s) => s.reused).length;
    const failed = run.steps.filter((s) => s.status === "failed").length;
    const warnings = run.steps.reduce((n, s) => n + (s.warnings?.length ?? 0), 0);
    process.stdout.write(
      `${run.id}  ${run.pipeline}  ${run.status.padEnd(11)} ${duration(run.startedAt, run.finishedAt).padStart(7)}  ${ran} ran, ${reused} reused${failed ? `, ${failed} failed` : ""}${warnings ? `, ${counted(warnings, "warning")}` : ""}\n`,
    );
  }
  return 0;
}
