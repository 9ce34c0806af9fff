import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { RedactingSink } from "../process/redacting-sink.ts";
import { pythonAsset } from "../python/assets.ts";
import { processRss } from "./process-memory.ts";
import { parseProtocolLine } from "./scoring-protocol.ts";

/** What one scoring process answers: an HTTP status and a JSON body (and a warning for the caller). */
export interface ScoreReply {
  status: number;
  body: unknown;
  warning?: string;
  /** Seconds after which a retry may succeed (a `Retry-After` header), for 429 and 503. */
  retryAfter?: number;
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

export type Ready = { ready: true; schema: unknown } | { ready: false; error: string };

/** Why a process ended, in words: `code 1`, `SIGKILL`. */
function ended(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ?? `code ${code}`;
}

/**
 * One long-lived Python process of a deployment (Azure's inference server in miniature): it
 * loads the model once, then scores requests in order over a framed line protocol. It runs in
 * its own process group (a terminal's Ctrl-C reaches `sluice serve`, which stops it) and the
 * kernel kills it if the server dies. A process that dies fails the requests it held with a 503
 * and reports its death once, through `onExit`, so its pool replaces it exactly once.
 */
export class ScoringWorker {
  readonly spec: WorkerSpec;
  private child: ChildProcessWithoutNullStreams | undefined;
  private next = 0;
  private readonly pending = new Map<number, (reply: ScoreReply) => void>();
  /** `starting` until the model loads; `draining` takes no new requests; `dead` once it exited. */
  state: "starting" | "ready" | "draining" | "dead" = "starting";
  /** Called once, when the process has exited (for any reason). */
  onExit: (why: string) => void = () => {};

  constructor(spec: WorkerSpec) {
    this.spec = spec;
  }

  /** Requests it holds now (it scores them in order). */
  get busy(): number {
    return this.pending.size;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts the process; resolves with whether the model loaded (and its input schema) or why
   * not. A process that has not loaded within `readyTimeoutMs` is killed: its `init()` hangs.
   */
  start(readyTimeoutMs: number, timeoutWhy: string): Promise<Ready> {
    const child = this.spawnChild();
    return new Promise<Ready>((resolve) => {
      let settled = false;
      const timer = setTimeout(() => {
        this.settleReady({ ready: false, error: timeoutWhy });
        this.kill();
      }, readyTimeoutMs);
      this.settleReady = (r) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (r.ready && this.state === "starting") this.state = "ready";
        resolve(r);
      };
      createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => this.onLine(line));
      child.on("error", (e: NodeJS.ErrnoException) => {
        const why = e.code === "ENOENT" ? "no such program" : e.code === "EACCES" ? "not executable" : (e.code ?? "error");
        this.settleReady({ ready: false, error: `cannot start ${this.spec.python}: ${why}` });
        // A process that never started has no exit to report: its death is reported here.
        if (child.pid === undefined) this.died(`it could not start: ${e.code ?? "error"}`);
      });
      child.on("exit", (code, signal) => this.died(ended(code, signal)));
    });
  }

  /** Resolves `start()` (once): set while it waits. */
  private settleReady: (r: Ready) => void = () => {};

  /** The process, its own process group, every pipe's errors handled, stderr appended to the log. */
  private spawnChild(): ChildProcessWithoutNullStreams {
    const s = this.spec;
    const argv = [pythonAsset("scoring_worker.py"), "--model-dir", s.modelDir, ...(s.code ? ["--code-dir", s.code.dir, "--script", s.code.script] : [])];
    const child = spawn(s.python, argv, {
      cwd: s.code?.dir ?? s.modelDir,
      env: { ...process.env, ...s.env, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    this.child = child;
    // A process that dies while a request is being written closes its pipe: EPIPE is its death, reported by 'exit'.
    child.stdin.on("error", () => {});
    child.stdout.on("error", () => {});
    child.stderr.on("error", () => {});
    // What the model's code prints goes to the log redacted, as a step's output does.
    new RedactingSink(s.logFile).attach(child.stderr);
    return child;
  }

  private onLine(line: string): void {
    const msg = parseProtocolLine(line);
    if (msg.kind === "ready") this.settleReady({ ready: true, schema: msg.schema });
    else if (msg.kind === "failed") this.settleReady({ ready: false, error: msg.error });
    else if (msg.kind === "reply") this.answer(msg.id, { status: msg.status, body: msg.body, ...(msg.warning ? { warning: msg.warning } : {}) });
  }

  /** The process is gone: its requests get a 503 (retry), and its pool hears of it once. */
  private died(why: string): void {
    if (this.state === "dead") return;
    this.state = "dead";
    this.settleReady({ ready: false, error: `the scoring process exited (${why}) before the model loaded` });
    for (const id of [...this.pending.keys()])
      this.answer(id, {
        status: 503,
        body: { error: `the scoring process stopped (${why}) while scoring this request; it is being replaced` },
        retryAfter: 1,
      });
    this.onExit(why);
  }

  private answer(id: number, reply: ScoreReply): void {
    const done = this.pending.get(id);
    if (!done) return;
    this.pending.delete(id);
    done(reply);
  }

  /** Scores one raw request body; resolves when this process answers (or dies). */
  score(body: string): Promise<ScoreReply> {
    const child = this.child;
    if (!child || this.state === "dead") return Promise.resolve({ status: 503, body: { error: "the scoring process is not running" }, retryAfter: 1 });
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ id, body })}\n`);
    });
  }

  /** The liveness probe: whether the process answers a ping within `timeoutMs`. */
  ping(timeoutMs: number): Promise<boolean> {
    const child = this.child;
    if (!child || this.state !== "ready") return Promise.resolve(false);
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(false);
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply.status === 200);
      });
      child.stdin.write(`${JSON.stringify({ id, ping: true })}\n`);
    });
  }

  /** Its resident memory in bytes (undefined where the system does not say). */
  rss(): number | undefined {
    return this.pid === undefined || this.state === "dead" ? undefined : processRss(this.pid);
  }

  /** Kills the process group at once (a hung `init()`, a request past its timeout). */
  kill(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.state === "dead") return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      this.child?.kill("SIGKILL");
    }
  }

  /** Stops the process: its input closed and SIGTERM, then SIGKILL after a second; resolves once it exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.state === "dead" || child.exitCode !== null || child.signalCode !== null) return;
    this.state = "draining";
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.kill(), 1000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin.end();
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
    });
  }
}
