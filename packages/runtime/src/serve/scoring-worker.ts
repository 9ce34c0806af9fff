import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { pythonAsset } from "../python/assets.ts";

/** What one scoring process answers: an HTTP status and a JSON body. */
export interface ScoreReply {
  status: number;
  body: unknown;
}

/** How a deployment's model is loaded: its folder, and a scoring script (else MLflow no-code). */
export interface WorkerSpec {
  python: string;
  modelDir: string;
  code?: { dir: string; script: string };
  env?: Record<string, string>;
  /** The processes' stderr (the scoring script's prints and tracebacks) is appended here. */
  logFile: string;
}

type Ready = { ready: true; schema: unknown } | { ready: false; error: string };

/**
 * One long-lived Python process of a deployment (Azure's inference server in miniature): it
 * loads the model once, then scores requests one at a time over a line protocol. A process
 * that dies fails the request it held; the pool replaces it.
 */
export class ScoringWorker {
  readonly spec: WorkerSpec;
  private child: ChildProcessWithoutNullStreams | undefined;
  private next = 0;
  private readonly pending = new Map<number, (reply: ScoreReply) => void>();
  /** Requests it holds now (it scores them in order). */
  busy = 0;
  dead = false;

  constructor(spec: WorkerSpec) {
    this.spec = spec;
  }

  /** Starts the process; resolves with whether the model loaded (and its input schema) or why not. */
  start(): Promise<Ready> {
    const s = this.spec;
    const argv = [pythonAsset("scoring_worker.py"), "--model-dir", s.modelDir, ...(s.code ? ["--code-dir", s.code.dir, "--script", s.code.script] : [])];
    const child = spawn(s.python, argv, {
      cwd: s.code?.dir ?? s.modelDir,
      env: { ...process.env, ...s.env, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    child.stderr.pipe(createWriteStream(s.logFile, { flags: "a" }));
    const lines = createInterface({ input: child.stdout });
    return new Promise<Ready>((resolve) => {
      let ready = false;
      lines.on("line", (line) => {
        let msg: { id?: number; status?: number; body?: unknown; ready?: boolean; error?: string; schema?: unknown };
        try {
          msg = JSON.parse(line);
        } catch {
          return;
        }
        if (!ready && msg.ready !== undefined) {
          ready = true;
          resolve(msg.ready ? { ready: true, schema: msg.schema ?? null } : { ready: false, error: msg.error ?? "the model did not load" });
          return;
        }
        const done = msg.id === undefined ? undefined : this.pending.get(msg.id);
        if (!done) return;
        this.pending.delete(msg.id as number);
        this.busy -= 1;
        done({ status: msg.status ?? 500, body: msg.body ?? null });
      });
      child.on("error", (e) => {
        this.dead = true;
        if (!ready) resolve({ ready: false, error: `cannot start ${s.python}: ${e.message}` });
      });
      child.on("exit", (code, signal) => {
        this.dead = true;
        if (!ready) resolve({ ready: false, error: `the scoring process exited (${signal ?? `code ${code}`}) before the model loaded` });
        for (const [id, done] of this.pending) {
          this.pending.delete(id);
          done({ status: 500, body: { error: `the scoring process exited (${signal ?? `code ${code}`}) while scoring` } });
        }
        this.busy = 0;
      });
    });
  }

  /** Scores one raw request body; resolves when this process answers (or dies). */
  score(body: string): Promise<ScoreReply> {
    const child = this.child;
    if (!child || this.dead) return Promise.resolve({ status: 503, body: { error: "the scoring process is not running" } });
    const id = this.next++;
    this.busy += 1;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ id, body })}\n`);
    });
  }

  /** Stops the process (SIGTERM, then SIGKILL after a second). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 1000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin.end();
      child.kill("SIGTERM");
    });
  }
}
