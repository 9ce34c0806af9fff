import { type LivenessProbe, watchLiveness } from "./liveness.ts";
import type { ReadinessLimit } from "./readiness.ts";
import { RequestQueue } from "./request-queue.ts";
import { type ScoreReply, ScoringWorker, type WorkerSpec } from "./scoring-worker.ts";

/** A deployment's state, as `sluice serve` reports it and routing respects. */
export type PoolState = { state: "ready"; schema: unknown } | { state: "failed"; reason: string } | { state: "starting" };

export interface PoolOptions {
  name: string;
  /** Scoring processes (the deployment's instance count). */
  instances: number;
  /** A request not answered in this long gets a 408, and its process is replaced. */
  requestTimeoutMs: number;
  /** Requests one process holds at once (Azure's default: 1). */
  maxConcurrentRequestsPerInstance?: number;
  /** How long a request may wait for a process; the request timeout when unset (Azure deprecated this setting). */
  maxQueueWaitMs?: number;
  /** The readiness probe's deadline for loading the model. */
  readiness: ReadinessLimit;
  /** The liveness probe: idle processes that stop answering it are restarted (none when unset). */
  liveness?: LivenessProbe;
  /** A process whose resident memory passes this is recycled between requests (0: never). */
  maxRssBytes?: number;
  worker: WorkerSpec;
}

/** What a pool tells its owner: a process that died, recovered or was recycled, in words. */
export type PoolEvent = (line: string) => void;

interface Slot {
  worker: ScoringWorker;
  /** Starts in a row that failed (or died within seconds), for the restart backoff. */
  failures: number;
  /** When its process loaded the model; undefined while it has not. */
  readyAt?: number;
  timer?: NodeJS.Timeout;
}

/**
 * The processes of one deployment. Each instance is a slot holding one process; a process that
 * exits for any reason (a crash, the OOM killer, a timeout, a memory recycle) is replaced once,
 * by its slot, after its exit, so there are never more processes than instances. Requests wait
 * in a bounded queue (Azure admits 2 × maxConcurrentRequestsPerInstance × instances at once and
 * answers 429 beyond) and are sent to the least busy ready process.
 */
export class DeploymentPool {
  readonly name: string;
  private readonly options: PoolOptions;
  private slots: Slot[] = [];
  private stopping = false;
  private stopLiveness = () => {};
  private readonly queue: RequestQueue;
  status: PoolState = { state: "starting" };
  /** Told when a process dies, comes back or is recycled (health changed). */
  onEvent: PoolEvent = () => {};

  constructor(options: PoolOptions) {
    this.name = options.name;
    this.options = options;
    const perInstance = Math.max(1, options.maxConcurrentRequestsPerInstance ?? 1);
    this.queue = new RequestQueue({
      name: options.name,
      capacity: () => 2 * perInstance * options.instances,
      waitMs: options.maxQueueWaitMs ?? options.requestTimeoutMs,
      anyReady: () => this.readyCount() > 0,
    });
  }

  /** Starts every instance; the deployment is ready only if all of them loaded the model. */
  async start(): Promise<PoolState> {
    this.slots = Array.from({ length: this.options.instances }, () => ({ worker: this.spawn(), failures: 0 }));
    const results = await Promise.all(this.slots.map((s) => this.boot(s)));
    const failed = results.find((r) => !r.ready);
    if (failed && !failed.ready) {
      await this.stop();
      this.status = { state: "failed", reason: failed.error };
      return this.status;
    }
    this.status = { state: "ready", schema: results[0]?.ready ? results[0].schema : null };
    const liveness = this.options.liveness;
    if (liveness)
      this.stopLiveness = watchLiveness(
        liveness,
        () => this.slots.map((slot) => slot.worker),
        (worker, why) => {
          this.onEvent(`${this.name}: a scoring process ${why}; restarting it`);
          worker.kill();
        },
      );
    // A process that loaded and died while the others were still loading is replaced now.
    for (const s of this.slots) if (s.worker.state === "dead") void this.restart(s);
    return this.status;
  }

  private spawn(): ScoringWorker {
    return new ScoringWorker(this.options.worker);
  }

  private async boot(slot: Slot): ReturnType<ScoringWorker["start"]> {
    const worker = slot.worker;
    worker.onExit = (why) => this.exited(slot, worker, why);
    const ready = await worker.start(this.options.readiness.timeoutMs, this.options.readiness.why);
    if (ready.ready) {
      slot.readyAt = Date.now();
      this.pump();
    }
    return ready;
  }

  /** The deployment's instance count (processes it keeps running). */
  get instances(): number {
    return this.options.instances;
  }

  /** Processes that can take a request now. */
  readyCount(): number {
    return this.slots.filter((s) => s.worker.state === "ready").length;
  }

  /** Live scoring processes' ids (for tests and reports). */
  pids(): number[] {
    return this.slots.flatMap((s) => (s.worker.state !== "dead" && s.worker.pid !== undefined ? [s.worker.pid] : []));
  }

  /** A slot's process exited: once the pool has started, it is replaced (with a backoff if it keeps failing). */
  private exited(slot: Slot, worker: ScoringWorker, why: string): void {
    if (this.stopping || slot.worker !== worker || this.status.state !== "ready") return;
    const failedFast = slot.readyAt === undefined || Date.now() - slot.readyAt < 2000;
    slot.failures = failedFast ? slot.failures + 1 : 0;
    const delay = slot.failures === 0 ? 0 : Math.min(10_000, 250 * 2 ** slot.failures);
    this.onEvent(`${this.name}: a scoring process stopped (${why}); starting a new one${delay ? ` in ${delay / 1000} s` : ""}`);
    slot.timer = setTimeout(() => void this.restart(slot), delay);
    slot.timer.unref();
  }

  private async restart(slot: Slot): Promise<void> {
    if (this.stopping) return;
    slot.worker = this.spawn();
    slot.readyAt = undefined;
    const ready = await this.boot(slot);
    if (this.stopping) return;
    if (ready.ready) this.onEvent(`${this.name}: a new scoring process is ready (${this.readyCount()} of ${this.options.instances})`);
    else this.onEvent(`${this.name}: the new scoring process did not load: ${ready.error}`);
  }

  /** Sends queued requests to ready processes with room, least busy first. */
  private pump(): void {
    const perInstance = Math.max(1, this.options.maxConcurrentRequestsPerInstance ?? 1);
    while (this.queue.size > 0) {
      const free = this.slots
        .map((s) => s.worker)
        .filter((w) => w.state === "ready" && w.busy < perInstance)
        .sort((a, b) => a.busy - b.busy)[0];
      if (!free) return;
      const next = this.queue.take();
      if (next) this.dispatch(free, next.body, next.resolve);
    }
  }

  /** One request on one process, with the deployment's timeout (past it: 408, and the process is killed). */
  private dispatch(worker: ScoringWorker, body: string, resolve: (r: ScoreReply) => void): void {
    let done = false;
    const timeoutMs = this.options.requestTimeoutMs;
    const timer = setTimeout(() => {
      done = true;
      resolve({ status: 408, body: { error: `deployment ${this.name} did not answer within ${timeoutMs} ms (its requestTimeoutMs)` } });
      worker.kill();
    }, timeoutMs);
    void worker.score(body).then((reply) => {
      clearTimeout(timer);
      if (!done) resolve(reply);
      this.afterReply(worker);
    });
  }

  /** Between requests: a process over the memory limit is recycled (its slot starts a new one once it exits). */
  private afterReply(worker: ScoringWorker): void {
    const limit = this.options.maxRssBytes ?? 0;
    if (worker.state === "ready" && limit > 0) {
      const rss = worker.rss();
      if (rss !== undefined && rss > limit) {
        worker.state = "draining";
        this.onEvent(`${this.name}: a scoring process uses ${Math.round(rss / 2 ** 20)} MB (over ${Math.round(limit / 2 ** 20)} MB); recycling it`);
      }
    }
    if (worker.state === "draining" && worker.busy === 0) void worker.stop();
    this.pump();
  }

  /** Scores one request: queued for a ready process, or refused at once when the queue is full. */
  score(body: string, gone?: AbortSignal): Promise<ScoreReply> {
    if (this.status.state !== "ready" || this.stopping)
      return Promise.resolve({
        status: 503,
        body: { error: `deployment ${this.name} is not ready` },
        ...(this.status.state === "starting" ? { retryAfter: 5 } : {}),
      });
    const queued = this.queue.add(body, gone);
    this.pump();
    return queued;
  }

  /** Stops every process (and any restart due); queued requests get a 503. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopLiveness();
    for (const s of this.slots) clearTimeout(s.timer);
    this.queue.drain(`deployment ${this.name} is stopping`);
    await Promise.all(this.slots.map((s) => s.worker.stop()));
  }
}
