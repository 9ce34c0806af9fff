import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../fs/atomic-write.ts";

/** What `python/probe.py` reports about an interpreter and a set of modules. */
export interface Probe {
  version: string;
  executable: string;
  missing: string[];
  /** Module → providing distributions with versions (`scikit-learn==1.2.1`). */
  versions: Record<string, string>;
  /** The interpreter's import folders. */
  paths: string[];
}

interface Stamp {
  exe: string;
  exeMtimeMs: number;
  dirs: Record<string, number>;
}

function stampOf(exe: string, dirs: string[]): Stamp | undefined {
  try {
    const real = realpathSync(exe);
    return {
      exe: real,
      exeMtimeMs: statSync(real).mtimeMs,
      dirs: Object.fromEntries(dirs.map((d) => [d, statSync(d, { throwIfNoEntry: false })?.mtimeMs ?? -1])),
    };
  } catch {
    return undefined;
  }
}

/**
 * Probe results kept between runs, so a run whose steps are all reused starts no Python at all.
 * A result stays valid while the interpreter and every import folder it reported keep their
 * modification times: installing, removing or upgrading a package changes its folder, and the
 * next run probes again (and the step fingerprints see the new versions).
 */
export class ProbeCache {
  private readonly dir: string | undefined;
  private readonly readOnly: boolean;

  /** `readOnly`: use what is kept, keep nothing new (plans and dry runs change nothing). */
  constructor(dir?: string, readOnly = false) {
    this.dir = dir;
    this.readOnly = readOnly;
  }

  private file(interpreter: string, modules: readonly string[]): string | undefined {
    if (!this.dir) return undefined;
    // Where Python looks for modules also depends on PYTHONPATH: a probe made without a folder on it says nothing of one made with it.
    const key = createHash("sha256")
      .update(`${interpreter}\0${modules.join(",")}\0${process.env.PYTHONPATH ?? ""}`)
      .digest("hex")
      .slice(0, 32);
    return join(this.dir, "python", `probe-${key}.json`);
  }

  get(interpreter: string, modules: readonly string[]): Probe | undefined {
    const file = this.file(interpreter, modules);
    if (!file || !existsSync(file)) return undefined;
    try {
      const saved = JSON.parse(readFileSync(file, "utf8")) as { stamp: Stamp; probe: Probe };
      const now = stampOf(interpreter, Object.keys(saved.stamp.dirs));
      return now && JSON.stringify(now) === JSON.stringify(saved.stamp) ? saved.probe : undefined;
    } catch {
      return undefined;
    }
  }

  set(interpreter: string, modules: readonly string[], probe: Probe): void {
    const file = this.file(interpreter, modules);
    const stamp = stampOf(interpreter, probe.paths);
    if (file && stamp && !this.readOnly) writeFileAtomic(file, JSON.stringify({ stamp, probe }));
  }
}
