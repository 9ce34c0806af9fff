import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SluiceError } from "../errors/sluice-error.ts";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { assertSegment } from "../fs/safe-path.ts";
import type { RunRecord } from "./run-record.ts";
import { isAlive } from "../process/alive.ts";

/** Sortable, unique run ids: UTC time to the millisecond, then randomness (`20261121-053812-407-3f9a`). */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 19).replace(/:/g, "")}-${iso.slice(20, 23)}`;
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

/** Runs under `<state>/runs/<id>/`, each described by an atomically rewritten `run.json`. */
export class RunStore {
  readonly root: string;

  /** How to name this store in errors (the state folder, and how it was found). */
  private readonly where: string;

  constructor(stateDir: string, where = stateDir) {
    this.root = join(stateDir, "runs");
    this.where = where;
  }

  dir(id: string): string {
    return join(this.root, assertSegment(id, "run id"));
  }

  save(run: RunRecord): void {
    writeFileAtomic(join(this.dir(run.id), "run.json"), `${JSON.stringify(run, null, 2)}\n`);
  }

  create(run: RunRecord): string {
    mkdirSync(this.dir(run.id), { recursive: true });
    this.save(run);
    return this.dir(run.id);
  }

  /** A run whose process died without finishing (killed, power loss) reads as "interrupted". */
  get(id: string): RunRecord {
    const file = join(this.dir(id), "run.json");
    if (!existsSync(file)) throw new SluiceError("usage", `no run '${id}' in ${this.where}`, { hint: "`sluice runs` lists the runs of this project" });
    const run = JSON.parse(readFileSync(file, "utf8")) as RunRecord;
    return run.backend === "local" && run.status === "running" && !isAlive(run.pid) ? { ...run, status: "interrupted" } : run;
  }

  /**
   * A run named the way users type it: `latest`, a whole id, or a unique prefix of one
   * (`20261121-0538`). An ambiguous prefix lists the candidates instead of guessing.
   */
  find(ref: string): RunRecord {
    assertSegment(ref, "run id");
    if (ref === "latest") {
      const newest = this.list()[0];
      if (!newest) throw new SluiceError("usage", `no runs in ${this.where}`, { hint: "`sluice run <file>` starts one" });
      return newest;
    }
    const ids = this.ids();
    if (ids.includes(ref)) return this.get(ref);
    const matches = ids.filter((id) => id.startsWith(ref));
    if (matches.length === 1) return this.get(matches[0] as string);
    if (matches.length > 1) {
      const shown = matches.sort().reverse().slice(0, 5).join(", ");
      throw new SluiceError("usage", `run id prefix '${ref}' matches ${matches.length} runs: ${shown}${matches.length > 5 ? ", …" : ""}`, {
        hint: "type more of the id, or use `latest`",
      });
    }
    throw new SluiceError("usage", `no run '${ref}' in ${this.where}`, { hint: "`sluice runs` lists the runs of this project; `latest` is the newest" });
  }

  /** Ids of every stored run (folders with a run.json). */
  ids(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root).filter((id) => existsSync(join(this.root, id, "run.json")));
  }

  /** Newest first (by start time, then id). */
  list(): RunRecord[] {
    const key = (r: RunRecord) => `${r.startedAt} ${r.id}`;
    return this.ids()
      .map((id) => this.get(id))
      .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  }
}
