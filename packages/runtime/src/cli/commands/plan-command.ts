import { prepareLocalRun } from "../../backends/local/local-backend.ts";
import { localPaths } from "../../backends/local/local-paths.ts";
import type { ExitCode } from "../cli-error.ts";
import { compileForRun, type RunFlags } from "../run-input.ts";

/**
 * `sluice plan <file>`: offline, says for each step whether the next run will reuse it or run it,
 * and why (the first difference from its last run). The run makes exactly these decisions.
 */
export async function planCommand(file: string, flags: RunFlags & { json?: boolean }): Promise<ExitCode> {
  const { spec } = await compileForRun(file, flags);
  const prepared = await prepareLocalRun(spec, localPaths(), { offline: true });
  const rows = prepared.decisions.map((d) => ({ step: d.node.name, action: d.action === "reuse" ? "REUSED" : "RUN", reason: d.reason, fingerprint: d.fingerprint }));
  if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) process.stdout.write(`${r.step}: ${r.action} — ${r.reason}\n`);
  return 0;
}
