import type { ScoreReply } from "./scoring-worker.ts";

export interface QueueOptions {
  /** The deployment's name, for messages. */
  name: string;
  /** Requests admitted at once (waiting or being scored); more are refused with 429. */
  capacity: () => number;
  /** How long a request may wait for a process before it is answered 429 (or 503 when none runs). */
  waitMs: number;
  /** Whether any process can score now (a request that timed out waiting while none can gets 503). */
  anyReady: () => boolean;
}

interface Waiter {
  body: string;
  resolve: (reply: ScoreReply) => void;
  timer: NodeJS.Timeout;
}

/**
 * A deployment's admission control, as Azure's managed endpoints do it: a bounded number of
 * requests in progress (429 with `Retry-After` beyond it) and a bounded wait for a free process,
 * so overload costs callers a quick retry instead of costing the server memory.
 */
export class RequestQueue {
  private readonly options: QueueOptions;
  private readonly waiting: Waiter[] = [];
  /** Requests admitted and not yet answered (waiting or being scored). */
  private held = 0;

  constructor(options: QueueOptions) {
    this.options = options;
  }

  get size(): number {
    return this.waiting.length;
  }

  /**
   * Admits a request, or refuses it at once; resolves with its answer. A request whose caller
   * has gone (`gone` aborts) while it waits leaves the queue unscored: a process's time goes to
   * callers still listening.
   */
  add(body: string, gone?: AbortSignal): Promise<ScoreReply> {
    const { name, waitMs } = this.options;
    const capacity = this.options.capacity();
    if (this.held >= capacity)
      return Promise.resolve({
        status: 429,
        body: {
          error: `too many pending requests: deployment ${name} takes ${capacity} at once (2 × maxConcurrentRequestsPerInstance × instances); retry later`,
        },
        retryAfter: 1,
      });
    this.held += 1;
    return new Promise((resolve) => {
      const answer = (reply: ScoreReply) => {
        this.held -= 1;
        resolve(reply);
      };
      const waiter: Waiter = {
        body,
        resolve: answer,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          answer(
            this.options.anyReady()
              ? { status: 429, body: { error: `deployment ${name} had no free scoring process within ${waitMs} ms; retry later` }, retryAfter: 1 }
              : { status: 503, body: { error: `deployment ${name} has no running scoring process (one is being started); retry later` }, retryAfter: 2 },
          );
        }, waitMs),
      };
      this.waiting.push(waiter);
      gone?.addEventListener(
        "abort",
        () => {
          const at = this.waiting.indexOf(waiter);
          if (at < 0) return;
          this.waiting.splice(at, 1);
          clearTimeout(waiter.timer);
          answer({ status: 499, body: { error: "the client closed the connection before it was scored" } });
        },
        { once: true },
      );
    });
  }

  /** The oldest waiting request, taken out of the queue (its answer still counts until it resolves). */
  take(): { body: string; resolve: (reply: ScoreReply) => void } | undefined {
    const w = this.waiting.shift();
    if (!w) return undefined;
    clearTimeout(w.timer);
    return { body: w.body, resolve: w.resolve };
  }

  /** Answers every waiting request with a 503 (the deployment is stopping). */
  drain(why: string): void {
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.resolve({ status: 503, body: { error: why }, retryAfter: 5 });
    }
  }
}
