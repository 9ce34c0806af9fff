import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic, ensureDir } from "../../fs/atomic-write.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { assertSegment } from "../../fs/safe-path.ts";
import { isAlive } from "../../process/alive.ts";
import { type Checked, readCheckedJson } from "../../runs/checked-json.ts";
import { buildManifest, checkFully, checkQuickly, type Manifest } from "./cache-manifest.ts";
import type { StepFacts } from "./fingerprint.ts";
import { EntrySchema, entryJsonProblem, IndexSchema } from "./step-cache-schema.ts";

/** What an entry folder holds besides `entry.json`: the outputs, and a sweep's summary. */
const ENTRY_CONTENT = ["outputs", "sweep.json"];

export interface CacheEntry {
  fingerprint: string;
  pipeline: string;
  node: string;
  runId: string;
  durationMs: number;
  facts: StepFacts;
  /** Every file the entry held when stored (size and digest): a hit is checked against it. */
  manifest: Manifest;
  /** Folder holding `outputs/<name>/`. */
  dir: string;
}

export interface Staging {
  dir: string;
  outputDir(name: string): string;
}

/**
 * Completed steps by fingerprint. An entry is built in `tmp/<pid>-…` and renamed into
 * `steps/<fingerprint>` in one step, so a killed run leaves no half entry, and two runs racing
 * for one fingerprint both end with the same complete entry.
 */
export class StepCache {
  private readonly root: string;

  constructor(cacheDir: string) {
    // Folders are made on the first write, so planning and dry runs leave no trace.
    this.root = cacheDir;
  }

  /**
   * The entry for a fingerprint, if whole. An entry that cannot be read (truncated or edited
   * `entry.json`), or whose files differ from its manifest in presence, kind or size (a missing
   * output folder, a truncated file), counts as a miss: the step runs again and its new entry
   * replaces the broken one.
   */
  lookup(fingerprint: string): CacheEntry | undefined {
    const checked = this.check(fingerprint);
    return checked?.ok ? checked.value : undefined;
  }

  /** As `lookup`, saying why an entry that is there cannot be used; undefined when there is none. */
  check(fingerprint: string, full = false): Checked<CacheEntry> | undefined {
    const dir = join(this.root, "steps", fingerprint);
    const file = join(dir, "entry.json");
    if (!existsSync(file)) return existsSync(dir) ? { ok: false, problem: "entry.json is missing" } : undefined;
    const read = readCheckedJson(file, EntrySchema, "a cache entry");
    if (!read.ok) return { ok: false, problem: entryJsonProblem(read.problem) };
    const entry = read.value;
    if (entry.fingerprint !== fingerprint) return { ok: false, problem: `entry.json names ${entry.fingerprint}` };
    const problem = full ? checkFully(dir, entry.manifest, entry.facts.outputs, ENTRY_CONTENT) : checkQuickly(dir, entry.manifest, entry.facts.outputs);
    return problem ? { ok: false, problem } : { ok: true, value: { ...entry, dir } };
  }

  /** Fingerprints of every stored entry, whole or not. */
  fingerprints(): string[] {
    const steps = join(this.root, "steps");
    if (!existsSync(steps)) return [];
    // Only plain names are Sluice's (fingerprints are hex); anything else there is left alone.
    const names = readdirSync(steps).filter((name) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && !name.includes(".."));
    // Stryker disable next-line MethodExpression: Node's readdirSync already lists names in byte order on POSIX (libuv's scandir sorts), which sort() keeps for these ASCII names; the sort keeps it so elsewhere
    return names.sort();
  }

  /** Removes an entry (a damaged one): runs that linked to it keep their records, not its files. */
  evict(fingerprint: string): void {
    rmSync(join(this.root, "steps", assertSegment(fingerprint, "cache entry")), { recursive: true, force: true });
  }

  stage(): Staging {
    const dir = join(this.root, "tmp", `${process.pid}-${randomBytes(6).toString("hex")}`);
    ensureDir(join(dir, "outputs"));
    ensureDir(join(this.root, "steps"));
    return { dir, outputDir: (name) => join(dir, "outputs", assertSegment(name, "output name")) };
  }

  /** Stores a staged step result under its fingerprint, with the manifest of what it holds. */
  commit(staging: Staging, given: Omit<CacheEntry, "dir" | "manifest">): CacheEntry {
    const entry: Omit<CacheEntry, "dir"> = { ...given, manifest: buildManifest(staging.dir, ENTRY_CONTENT) };
    writeFileSync(join(staging.dir, "entry.json"), JSON.stringify(entry, null, 2));
    const target = join(this.root, "steps", entry.fingerprint);
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(staging.dir, target);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
        // Another run committed the same fingerprint: keep its whole entry. A broken one is moved aside once.
        if (this.lookup(entry.fingerprint) || attempt > 0) break;
        renameSync(target, join(this.root, "tmp", `${process.pid}-broken-${randomBytes(4).toString("hex")}`));
      }
    }
    rmSync(staging.dir, { recursive: true, force: true });
    const committed = this.check(entry.fingerprint);
    if (committed?.ok) return committed.value;
    throw new SluiceError("run", `the cache entry of step ${entry.node} could not be stored (${committed ? committed.problem : "it vanished"})`, {
      hint: "run it again; if this repeats, look at what the step writes into its outputs",
    });
  }

  discard(staging: Staging): void {
    rmSync(staging.dir, { recursive: true, force: true });
  }

  /** The facts of a step's last successful run, to explain the next rerun. */
  previous(pipeline: string, node: string): { fingerprint: string; facts: StepFacts } | undefined {
    // A damaged index only loses the explanation: the step runs as if it never had.
    // Stryker disable next-line StringLiteral: the name of the document only shows in the problem, which is dropped here
    const read = readCheckedJson(this.indexFile(pipeline, node), IndexSchema, "a step index");
    return read.ok ? read.value : undefined;
  }

  remember(pipeline: string, node: string, fingerprint: string, facts: StepFacts): void {
    writeFileAtomic(this.indexFile(pipeline, node), JSON.stringify({ fingerprint, facts }));
  }

  /** Removes staging folders of runs that no longer exist (killed mid-step). */
  sweep(): void {
    if (!existsSync(join(this.root, "tmp"))) return;
    for (const name of readdirSync(join(this.root, "tmp"))) {
      const pid = Number(name.split("-")[0]);
      if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) rmSync(join(this.root, "tmp", name), { recursive: true, force: true });
    }
  }

  private indexFile(pipeline: string, node: string): string {
    return join(this.root, "index", assertSegment(pipeline, "pipeline name"), `${assertSegment(node, "step name")}.json`);
  }
}
