import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../fs/atomic-write.ts";
import { assertSegment } from "../../fs/safe-path.ts";
import type { StepFacts } from "./fingerprint.ts";
import { isAlive } from "../../process/alive.ts";

export interface CacheEntry {
  fingerprint: string;
  pipeline: string;
  node: string;
  runId: string;
  durationMs: number;
  facts: StepFacts;
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
   * `entry.json`, a missing output folder) counts as a miss: the step runs again and its new
   * entry replaces the broken one.
   */
  lookup(fingerprint: string): CacheEntry | undefined {
    const dir = join(this.root, "steps", fingerprint);
    const file = join(dir, "entry.json");
    if (!existsSync(file)) return undefined;
    try {
      const entry = JSON.parse(readFileSync(file, "utf8")) as Omit<CacheEntry, "dir">;
      if (entry.fingerprint !== fingerprint || typeof entry.runId !== "string" || !existsSync(join(dir, "outputs"))) return undefined;
      return { ...entry, dir };
    } catch {
      return undefined;
    }
  }

  stage(): Staging {
    const dir = join(this.root, "tmp", `${process.pid}-${randomBytes(6).toString("hex")}`);
    mkdirSync(join(dir, "outputs"), { recursive: true });
    mkdirSync(join(this.root, "steps"), { recursive: true });
    return { dir, outputDir: (name) => join(dir, "outputs", assertSegment(name, "output name")) };
  }

  commit(staging: Staging, entry: Omit<CacheEntry, "dir">): CacheEntry {
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
    const committed = this.lookup(entry.fingerprint);
    if (!committed) throw new Error(`cache entry ${entry.fingerprint} could not be committed`);
    return committed;
  }

  discard(staging: Staging): void {
    rmSync(staging.dir, { recursive: true, force: true });
  }

  /** The facts of a step's last successful run, to explain the next rerun. */
  previous(pipeline: string, node: string): { fingerprint: string; facts: StepFacts } | undefined {
    const file = this.indexFile(pipeline, node);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { fingerprint: string; facts: StepFacts }) : undefined;
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
