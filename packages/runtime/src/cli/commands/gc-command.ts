import { join } from "node:path";
import { describeState, localPaths } from "../../backends/local/local-paths.ts";
import { collectGarbage, formatBytes, parseAge } from "../../runs/garbage-collect.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";
import { projectRuns } from "../project-state.ts";
import { describeProblem } from "../../runs/run-store.ts";

export interface GcFlags {
  keep?: number;
  olderThan?: string;
  dryRun?: boolean;
}

function keepCount(keep: number | undefined, olderThan: boolean): number {
  return keep ?? (olderThan ? 0 : 10);
}

/**
 * `sluice gc [--keep N] [--older-than 30d] [--dry-run]`: removes old runs of this project and the
 * step cache entries no kept run uses, and says how many bytes that frees. Without options it
 * keeps the 10 newest runs of each pipeline; a run whose record cannot be read is removed. A
 * shared cache (`SLUICE_CACHE_DIR`) is left alone: other checkouts may use its entries.
 */
export function gcCommand(flags: GcFlags): ExitCode {
  const age = flags.olderThan === undefined ? undefined : parseAge(flags.olderThan);
  if (flags.olderThan !== undefined && age === undefined) {
    throw new SluiceError("usage", `--older-than takes an age like 30d, 12h, 90m or 2w, not '${flags.olderThan}'`);
  }
  const paths = localPaths();
  const shared = process.env.SLUICE_CACHE_DIR !== undefined;
  const result = collectGarbage(projectRuns(paths), {
    keep: keepCount(flags.keep, age !== undefined),
    ...(age === undefined ? {} : { olderThan: Date.now() - age }),
    ...(shared ? {} : { stepCacheDir: join(paths.cacheDir, "steps") }),
    dryRun: flags.dryRun === true,
  });
  const verb = flags.dryRun ? "would remove" : "removed";
  process.stdout.write(`state: ${describeState(paths)}\n`);
  for (const id of result.removedRuns) process.stdout.write(`${verb} run ${id}\n`);
  for (const p of result.removedUnreadable) process.stdout.write(`${verb} unreadable run ${p.id} (${describeProblem(p)})\n`);
  process.stdout.write(
    `${verb} ${result.removedRuns.length + result.removedUnreadable.length} run(s) and ${result.removedEntries.length} cache entr${result.removedEntries.length === 1 ? "y" : "ies"}, ` +
      `kept ${result.keptRuns} run(s): ${formatBytes(result.bytes)} ${flags.dryRun ? "would be " : ""}freed\n`,
  );
  if (shared) process.stdout.write(`the step cache ${paths.cacheDir} is shared (SLUICE_CACHE_DIR): its entries were left in place\n`);
  return 0;
}
