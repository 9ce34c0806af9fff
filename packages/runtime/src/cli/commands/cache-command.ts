import { localPaths } from "../../backends/local/local-paths.ts";
import { StepCache } from "../../backends/local/step-cache.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { displayPath } from "../../runs/checked-json.ts";
import type { ExitCode } from "../exit-codes.ts";

export interface CacheFlags {
  dryRun?: boolean;
  json?: boolean;
}

interface BadEntry {
  fingerprint: string;
  problem: string;
}

/** Every entry of the step cache checked byte by byte; the damaged ones, with what is wrong. */
function verifyEntries(cache: StepCache): { checked: number; bad: BadEntry[] } {
  const fingerprints = cache.fingerprints();
  const bad: BadEntry[] = [];
  for (const fingerprint of fingerprints) {
    const checked = cache.check(fingerprint, true);
    if (checked && !checked.ok) bad.push({ fingerprint, problem: checked.problem });
    else if (!checked) bad.push({ fingerprint, problem: "entry.json is missing" });
  }
  return { checked: fingerprints.length, bad };
}

/**
 * `sluice cache verify [--dry-run] [--json]`: reads every byte of every step cache entry against
 * the manifest stored with it, and removes the entries that differ (a reuse would hand their
 * damaged files to the next step). Exit 1 when any entry was bad, so CI can notice.
 */
export function cacheCommand(action: string, flags: CacheFlags): ExitCode {
  if (action !== "verify") throw new SluiceError("usage", `unknown cache action '${action}'`, { hint: "sluice cache verify [--dry-run]" });
  const paths = localPaths();
  const cache = new StepCache(paths.cacheDir);
  const { checked, bad } = verifyEntries(cache);
  if (!flags.dryRun) for (const entry of bad) cache.evict(entry.fingerprint);
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ cacheDir: paths.cacheDir, checked, bad, removed: flags.dryRun ? [] : bad.map((b) => b.fingerprint) }, null, 2)}\n`,
    );
    return bad.length > 0 ? 1 : 0;
  }
  const verb = flags.dryRun ? "would remove" : "removed";
  for (const entry of bad) process.stdout.write(`bad entry ${entry.fingerprint}: ${entry.problem} (${verb})\n`);
  process.stdout.write(`checked ${checked} cache entr${checked === 1 ? "y" : "ies"} in ${displayPath(paths.cacheDir)}: ${bad.length} bad\n`);
  return bad.length > 0 ? 1 : 0;
}
