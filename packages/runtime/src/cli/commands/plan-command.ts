import { prepareLocalRun } from "../../backends/local/local-backend.ts";
import { localPaths } from "../../backends/local/local-paths.ts";
import type { RunSpec } from "../../backends/run-spec.ts";
import type { ExitCode } from "../exit-codes.ts";
import { compileForRun, type RunFlags } from "../run-input.ts";

export interface PlanRow {
  step: string;
  /** MAYBE: reused if the upstream steps that run write the same output as before (early cut-off). */
  action: "REUSED" | "RUN" | "MAYBE";
  reason: string;
  fingerprint: string;
  /** MAYBE rows: the steps whose output decides. */
  waitingOn?: string[];
  /** A step under control flow: what decides whether, or how often, it runs. */
  control?: string;
}

const ACTIONS = { reuse: "REUSED", run: "RUN", maybe: "MAYBE" } as const;

/** What the next local run of a compiled pipeline would do, step by step; reads, never writes runs. */
export async function localPlan(spec: RunSpec): Promise<PlanRow[]> {
  const prepared = await prepareLocalRun(spec, localPaths(spec.baseDir), { offline: true });
  return prepared.decisions.map((d) => ({
    step: d.node.name,
    action: ACTIONS[d.action],
    reason: d.reason,
    fingerprint: d.fingerprint,
    ...(d.action === "maybe" && d.waitingOn ? { waitingOn: d.waitingOn } : {}),
    ...(prepared.control.describe(d.node.key) ? { control: prepared.control.describe(d.node.key) } : {}),
  }));
}

export function formatPlanRows(rows: PlanRow[]): string {
  return rows.map((r) => `${r.step}: ${r.action} — ${r.reason}${r.control ? `; ${r.control}` : ""}\n`).join("");
}

/**
 * `sluice plan <file>`: offline, says for each step whether the next run will reuse it or run it,
 * and why (the first difference from its last run). The run makes these decisions, except that a
 * step below one that runs (MAYBE) is decided by the bytes its upstream writes.
 */
export async function planCommand(file: string, flags: RunFlags & { json?: boolean }): Promise<ExitCode> {
  // The plan is of a local run: computes it ignores are not asked for.
  const { spec } = await compileForRun(file, flags, "plan", () => "local");
  const rows = await localPlan(spec);
  process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : formatPlanRows(rows));
  return 0;
}
