import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../cli/cli-error.ts";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { assertSegment } from "../fs/safe-path.ts";
import type { RunRecord } from "./run-record.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Sortable, unique run ids: UTC time then randomness (`20261121-053812-3f9a1c`). */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(3).toString("hex")}`;
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
    return run.status === "running" && !alive(run.pid) ? { ...run, status: "interrupted" } : run;
  }

  /** Newest first. */
  list(): RunRecord[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root)
      .filter((id) => existsSync(join(this.root, id, "run.json")))
      .sort()
      .reverse()
      .map((id) => this.get(id));
  }
}
