import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { redactDeep } from "../errors/redact.ts";
import { SluiceError } from "../errors/sluice-error.ts";
import { writeFileAtomic, ensureDir } from "../fs/atomic-write.ts";
import { assertSegment } from "../fs/safe-path.ts";
import { isAlive } from "../process/alive.ts";
import { type Checked, displayPath, readCheckedJson } from "./checked-json.ts";
import type { RunRecord } from "./run-record.ts";
import { RunRecordSchema } from "./run-record-schema.ts";

/** A run folder whose `run.json` cannot be used: listings skip it, `sluice gc` removes it. */
export interface RunProblem {
  id: string;
  /** The record's path. */
  file: string;
  /** What is wrong, in words (`not valid JSON (unexpected end of JSON input)`). */
  problem: string;
}

/** `.sluice/runs/X/run.json: not valid JSON (…)`: the line commands print for a skipped run. */
export function describeProblem(p: RunProblem): string {
  return `${displayPath(p.file)}: ${p.problem}`;
}

/** Every readable run, newest first, and the runs that could not be read. */
export interface RunListing {
  runs: RunRecord[];
  problems: RunProblem[];
}

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
    // Failure tails and reasons quote what scripts printed: no token they printed is stored.
    writeFileAtomic(join(this.dir(run.id), "run.json"), `${JSON.stringify(redactDeep(run), null, 2)}\n`);
  }

  create(run: RunRecord): string {
    ensureDir(this.dir(run.id));
    this.save(run);
    return this.dir(run.id);
  }

  /**
   * One run's record, checked: a record that is not JSON, not a run record, or names another
   * run is a problem, not a crash. A run whose process died without finishing (killed, power
   * loss) reads as "interrupted".
   */
  read(id: string): Checked<RunRecord> {
    const read = readCheckedJson(join(this.dir(id), "run.json"), RunRecordSchema, "a run record");
    if (!read.ok) return read;
    const run = read.value;
    if (run.id !== id) return { ok: false, problem: `names run '${run.id}', not its folder's '${id}'` };
    return { ok: true, value: run.backend === "local" && run.status === "running" && !isAlive(run.pid) ? { ...run, status: "interrupted" } : run };
  }

  get(id: string): RunRecord {
    const file = join(this.dir(id), "run.json");
    if (!existsSync(file)) throw new SluiceError("usage", `no run '${id}' in ${this.where}`, { hint: "`sluice runs` lists the runs of this project" });
    const read = this.read(id);
    if (!read.ok)
      throw new SluiceError("usage", `run ${id} cannot be read: ${describeProblem({ id, file, problem: read.problem })}`, {
        hint: "`sluice gc` removes unreadable runs",
      });
    return read.value;
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

  /** Ids of every stored run (folders with a plain name and a run.json; other names are not Sluice's). */
  ids(): string[] {
    if (!existsSync(this.root)) return [];
    const plain = (id: string) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(id) && !id.includes("..");
    return readdirSync(this.root).filter((id) => plain(id) && existsSync(join(this.root, id, "run.json")));
  }

  /** Newest first (by start time, then id); unreadable runs are left out (see `scan`). */
  list(): RunRecord[] {
    return this.scan().runs;
  }

  /** Every run, newest first (by start time, then id), and the ones whose record cannot be used. */
  scan(): RunListing {
    const runs: RunRecord[] = [];
    const problems: RunProblem[] = [];
    for (const id of this.ids().sort()) {
      const read = this.read(id);
      if (read.ok) runs.push(read.value);
      else problems.push({ id, file: join(this.dir(id), "run.json"), problem: read.problem });
    }
    const key = (r: RunRecord) => `${r.startedAt} ${r.id}`;
    runs.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
    return { runs, problems };
  }
}
