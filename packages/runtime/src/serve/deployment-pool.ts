import { type ScoreReply, ScoringWorker, type WorkerSpec } from "./scoring-worker.ts";

/** A deployment's state, as `sluice serve` reports it and routing respects. */
export type PoolState = { state: "ready"; schema: unknown } | { state: "failed"; reason: string } | { state: "starting" };

export interface PoolOptions {
  name: string;
  /** Scoring processes (the deployment's instance count). */
  instances: number;
  /** A request not answered in this long gets a 408, and its process is replaced. */
  requestTimeoutMs: number;
  worker: WorkerSpec;
}

/**
 * The processes of one deployment: started together, each request sent to the least busy one,
 * a process that hangs past the request timeout or dies replaced, so the deployment keeps serving.
 */
export class DeploymentPool {
  readonly name: string;
  private readonly options: PoolOptions;
  private workers: ScoringWorker[] = [];
  private stopping = false;
  status: PoolState = { state: "starting" };

  constructor(options: PoolOptions) {
    this.name = options.name;
    this.options = options;
  }

  /** Starts every instance; the deployment is ready only if all of them loaded the model. */
  async start(): Promise<PoolState> {
    this.workers = Array.from({ length: this.options.instances }, () => new ScoringWorker(this.options.worker));
    const results = await Promise.all(this.workers.map((w) => w.start()));
    const failed = results.find((r) => !r.ready);
    if (failed && !failed.ready) {
      await this.stop();
      this.status = { state: "failed", reason: failed.error };
    } else this.status = { state: "ready", schema: results[0]?.ready ? results[0].schema : null };
    return this.status;
  }

  private leastBusy(): ScoringWorker | undefined {
    return this.workers.filter((w) => !w.dead).sort((a, b) => a.busy - b.busy)[0];
  }

  /** Replaces a worker that hung or died, so later requests find a live one. */
  private replace(worker: ScoringWorker): void {
    if (this.stopping) return;
    void worker.stop();
    const fresh = new ScoringWorker(this.options.worker);
    this.workers = this.workers.map((w) => (w === worker ? fresh : w));
    void fresh.start();
  }

  /** Scores one request on a live process, with the deployment's timeout. */
  async score(body: string): Promise<ScoreReply> {
    if (this.status.state !== "ready") return { status: 503, body: { error: `deployment ${this.name} is not ready` } };
    const worker = this.leastBusy();
    if (!worker) return { status: 503, body: { error: `deployment ${this.name} has no running scoring process` } };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ScoreReply>((resolve) => {
      timer = setTimeout(() => {
        this.replace(worker);
        resolve({ status: 408, body: { error: `deployment ${this.name} did not answer within ${this.options.requestTimeoutMs} ms` } });
      }, this.options.requestTimeoutMs);
    });
    const reply = await Promise.race([worker.score(body), timeout]);
    clearTimeout(timer);
    if (worker.dead) this.replace(worker);
    return reply;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
