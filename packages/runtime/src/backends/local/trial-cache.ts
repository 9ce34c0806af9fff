import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { writeFileAtomic } from "../../fs/atomic-write.ts";
import { assertSegment } from "../../fs/safe-path.ts";
import { type Checked, readCheckedJson } from "../../runs/checked-json.ts";
import { buildManifest, checkFully, checkQuickly, ManifestSchema } from "./cache-manifest.ts";
import { entryJsonProblem } from "./step-cache-schema.ts";

/**
 * The sweep engine's per-trial cache, `<cache>/sweep-trials/<key>/`: a finished trial's folder
 * (`trial/`: outputs, metrics, log) and `result.json`, both written by the engine
 * (packages/runtime/python/sweep_engine.py). Sluice adds `entry.json`, the manifest of what the
 * entry held when stored (the step cache's manifest), and the engine reuses only entries Sluice
 * checked against it: a trial is never rebuilt from bytes nobody vouched for.
 */
const CONTENT = ["trial", "result.json"];

/** `result.json` as the engine writes it; `fingerprint` is what the sweep's trials share (older entries lack it). */
const ResultSchema = z.looseObject({ fingerprint: z.string().optional(), status: z.string(), params: z.record(z.string(), z.unknown()) });

/** `entry.json`: whose trial this is, and its manifest. */
const TrialEntrySchema = z.object({ fingerprint: z.string().min(1), manifest: ManifestSchema });
type TrialEntry = z.infer<typeof TrialEntrySchema>;

/** What the engine is told before a sweep: the entries it may reuse, and those it must not (with why). */
export interface TrialCacheVerdict {
  reusable: string[];
  damaged: Record<string, string>;
}

/** What a sweep's trials share (its cache keys start from it): the step's identity without its sweep settings. */
export function sweepFingerprint(ctx: { trialBases: ReadonlyMap<string, string> }, node: string): string {
  return ctx.trialBases.get(node) ?? node;
}

export class TrialCache {
  /** The folder the engine stores entries in. */
  readonly root: string;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, "sweep-trials");
  }

  /** Keys of every stored entry (the engine's staging folders, `<key>.tmp<pid>`, are not entries). */
  keys(): string[] {
    if (!existsSync(this.root)) return [];
    const names = readdirSync(this.root).filter((name) => /^[0-9a-f]{64}$/.test(name));
    // Stryker disable next-line MethodExpression: Node's readdirSync already lists names in byte order on POSIX (libuv's scandir sorts), which sort() keeps for hex names; the sort keeps it so elsewhere
    return names.sort();
  }

  /** An entry checked against its manifest (cheaply, or every byte); undefined when there is none. */
  check(key: string, full = false): Checked<TrialEntry> | undefined {
    const dir = join(this.root, assertSegment(key, "trial cache entry"));
    if (!existsSync(dir)) return undefined;
    const read = readCheckedJson(join(dir, "entry.json"), TrialEntrySchema, "a trial cache entry");
    if (!read.ok) return { ok: false, problem: entryJsonProblem(read.problem) };
    const problem = full ? checkFully(dir, read.value.manifest, [], CONTENT) : checkQuickly(dir, read.value.manifest, []);
    return problem ? { ok: false, problem } : read;
  }

  /** Whose trial an entry holds: its manifest's word, else its result's (an entry not yet, or badly, recorded). */
  private owner(key: string): string | undefined {
    const dir = join(this.root, key);
    const [entryFile, resultFile] = [join(dir, "entry.json"), join(dir, "result.json")];
    // Stryker disable next-line StringLiteral: the names of the documents only show in problems, which are dropped here
    const entry = readCheckedJson(entryFile, TrialEntrySchema, "a trial cache entry");
    if (entry.ok) return entry.value.fingerprint;
    // Stryker disable next-line StringLiteral: as above
    const result = readCheckedJson(resultFile, ResultSchema, "a trial result");
    return result.ok ? result.value.fingerprint : undefined;
  }

  /** Every entry of the sweep whose trials share `fingerprint`, checked on size before the engine may reuse it. */
  verdict(fingerprint: string): TrialCacheVerdict {
    const verdict: TrialCacheVerdict = { reusable: [], damaged: {} };
    for (const key of this.keys()) {
      if (this.owner(key) !== fingerprint) continue;
      const checked = this.check(key);
      // Stryker disable next-line ConditionalExpression: keys() just listed the folder; it is gone only if another process removed it meanwhile
      if (!checked) continue;
      if (checked.ok) verdict.reusable.push(key);
      else verdict.damaged[key] = checked.problem;
    }
    return verdict;
  }

  /**
   * Records the manifest of each entry the engine stored for this sweep and Sluice has not yet
   * vouched for: called once the engine has ended, so every byte it wrote is there.
   */
  record(fingerprint: string): void {
    for (const key of this.keys()) {
      const dir = join(this.root, key);
      if (existsSync(join(dir, "entry.json"))) continue;
      const resultFile = join(dir, "result.json");
      // Stryker disable next-line StringLiteral: the name of the document only shows in the problem, which is dropped here
      const result = readCheckedJson(resultFile, ResultSchema, "a trial result");
      if (!result.ok || result.value.fingerprint !== fingerprint) continue;
      writeFileAtomic(join(dir, "entry.json"), JSON.stringify({ fingerprint, manifest: buildManifest(dir, CONTENT) }));
    }
  }

  /** Removes an entry (a damaged one): the trial runs again when a sweep next draws its values. */
  evict(key: string): void {
    rmSync(join(this.root, assertSegment(key, "trial cache entry")), { recursive: true, force: true });
  }
}
