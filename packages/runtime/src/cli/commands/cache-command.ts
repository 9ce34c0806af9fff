import { localPaths } from "../../backends/local/local-paths.ts";
import { StepCache } from "../../backends/local/step-cache.ts";
import { TrialCache } from "../../backends/local/trial-cache.ts";
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

interface BadTrial {
  key: string;
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

/** Every sweep trial entry checked byte by byte against the manifest Sluice recorded for it. */
function verifyTrials(cache: TrialCache): { checked: number; bad: BadTrial[] } {
  const keys = cache.keys();
  const bad: BadTrial[] = [];
  for (const key of keys) {
    const checked = cache.check(key, true);
    if (checked && !checked.ok) bad.push({ key, problem: checked.problem });
  }
  return { checked: keys.length, bad };
}

/**
 * `sluice cache verify [--dry-run] [--json]`: reads every byte of every step cache entry and
 * sweep trial entry against the manifest stored with it, and removes the entries that differ (a
 * reuse would hand their damaged files to the next step or trial). Exit 1 when any entry was
 * bad, so CI can notice.
 */
export function cacheCommand(action: string, flags: CacheFlags): ExitCode {
  if (action !== "verify") throw new SluiceError("usage", `unknown cache action '${action}'`, { hint: "sluice cache verify [--dry-run]" });
  const paths = localPaths();
  const cache = new StepCache(paths.cacheDir);
  const trialCache = new TrialCache(paths.cacheDir);
  const { checked, bad } = verifyEntries(cache);
  const trials = verifyTrials(trialCache);
  if (!flags.dryRun) {
    for (const entry of bad) cache.evict(entry.fingerprint);
    for (const entry of trials.bad) trialCache.evict(entry.key);
  }
  const failed = bad.length + trials.bad.length > 0 ? 1 : 0;
  if (flags.json) {
    const removed = (keys: string[]) => (flags.dryRun ? [] : keys);
    const doc = {
      cacheDir: paths.cacheDir,
      checked,
      bad,
      removed: removed(bad.map((b) => b.fingerprint)),
      trials: { checked: trials.checked, bad: trials.bad, removed: removed(trials.bad.map((b) => b.key)) },
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return failed;
  }
  const verb = flags.dryRun ? "would remove" : "removed";
  for (const entry of bad) process.stdout.write(`bad entry ${entry.fingerprint}: ${entry.problem} (${verb})\n`);
  for (const entry of trials.bad) process.stdout.write(`bad sweep trial entry ${entry.key}: ${entry.problem} (${verb})\n`);
  const entries = (n: number, kind: string) => `${n} ${kind} ${n === 1 ? "entry" : "entries"}`;
  const what = `${entries(checked, "cache")}${trials.checked > 0 ? ` and ${entries(trials.checked, "sweep trial")}` : ""}`;
  process.stdout.write(`checked ${what} in ${displayPath(paths.cacheDir)}: ${bad.length + trials.bad.length} bad\n`);
  return failed;
}
