import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../cli/cli-error.ts";
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

  constructor(stateDir: string) {
    this.root = join(stateDir, "runs");
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
    if (!existsSync(file)) throw new CliError(`no run '${id}'`, { hint: "`sluice runs` lists the runs in this folder", exitCode: 2 });
    const run = JSON.parse(readFileSync(file, "utf8")) as RunRecord;
    return run.backend === "local" && run.status === "running" && !isAlive(run.pid) ? { ...run, status: "interrupted" } : run;
  }

  /** Newest first (by start time, then id). */
  list(): RunRecord[] {
    if (!existsSync(this.root)) return [];
    const key = (r: RunRecord) => `${r.startedAt} ${r.id}`;
    return readdirSync(this.root)
      .filter((id) => existsSync(join(this.root, id, "run.json")))
      .map((id) => this.get(id))
      .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  }
}
