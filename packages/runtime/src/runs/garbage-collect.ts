import { existsSync, lstatSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RunRecord } from "./run-record.ts";
import type { RunProblem, RunStore } from "./run-store.ts";

export interface GcOptions {
  /** How many of the newest runs of each pipeline to keep whatever their age. */
  keep: number;
  /** Remove only runs that started before this time (ms since the epoch). */
  olderThan?: number;
  /** Step cache folder (`<cache>/steps`); undefined leaves the cache alone (shared caches). */
  stepCacheDir?: string;
  dryRun: boolean;
}

export interface GcResult {
  removedRuns: string[];
  /** Runs whose record could not be read: never running, always removable (within `olderThan`). */
  removedUnreadable: RunProblem[];
  keptRuns: number;
  removedEntries: string[];
  bytes: number;
}

/** Bytes under a path, not following links (a run's links into the cache count as links). */
export function diskBytes(path: string): number {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((sum, name) => sum + diskBytes(join(path, name)), stats.size);
}

/**
 * Per pipeline, the runs past its newest `keep` (and older than the cut-off, if any): a busy
 * pipeline never pushes another's few runs out. Running runs always stay.
 */
function chooseRuns(runs: RunRecord[], options: GcOptions): { remove: RunRecord[]; keep: RunRecord[] } {
  const remove: RunRecord[] = [];
  const keep: RunRecord[] = [];
  const seen = new Map<string, number>();
  for (const run of runs) {
    const index = seen.get(run.pipeline) ?? 0;
    seen.set(run.pipeline, index + 1);
    const old = options.olderThan === undefined || Date.parse(run.startedAt) < options.olderThan;
    const removable = index >= options.keep && old && run.status !== "running";
    (removable ? remove : keep).push(run);
  }
  return { remove, keep };
}

/** An unreadable run goes when it is older than the cut-off (by its record's last change), if one is given. */
function unreadableToRemove(problems: RunProblem[], options: GcOptions): RunProblem[] {
  if (options.olderThan === undefined) return problems;
  const cutoff = options.olderThan;
  return problems.filter((p) => (statSync(p.file, { throwIfNoEntry: false })?.mtimeMs ?? 0) < cutoff);
}

/**
 * Frees local state: old runs, then the step cache entries that no kept run uses. The model
 * registry is never touched (registered versions are copies, not links into runs or cache), and
 * downloaded data inputs stay (fetching them again may need a network).
 */
export function collectGarbage(store: RunStore, options: GcOptions): GcResult {
  const listing = store.scan();
  const { remove, keep } = chooseRuns(listing.runs, options);
  const unreadable = unreadableToRemove(listing.problems, options);
  let bytes = 0;
  for (const id of [...remove.map((r) => r.id), ...unreadable.map((p) => p.id)]) {
    bytes += diskBytes(store.dir(id));
    if (!options.dryRun) rmSync(store.dir(id), { recursive: true, force: true });
  }
  const removedEntries: string[] = [];
  const cacheDir = options.stepCacheDir;
  if (cacheDir && existsSync(cacheDir)) {
    const used = new Set(keep.flatMap((run) => run.steps.map((s) => s.fingerprint).filter((f): f is string => f !== undefined)));
    for (const entry of readdirSync(cacheDir).sort()) {
      if (used.has(entry)) continue;
      removedEntries.push(entry);
      bytes += diskBytes(join(cacheDir, entry));
      if (!options.dryRun) rmSync(join(cacheDir, entry), { recursive: true, force: true });
    }
  }
  return { removedRuns: remove.map((r) => r.id), removedUnreadable: unreadable, keptRuns: keep.length, removedEntries, bytes };
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `90m`, `2w` → milliseconds; undefined when the text is not such a duration. */
export function parseAge(text: string): number | undefined {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  return match ? Number(match[1]) * (UNITS[match[2] as string] as number) : undefined;
}

/** `1.2 MB`-style sizes for people. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
