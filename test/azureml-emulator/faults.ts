/** A fault to inject: matching requests get it `times` times, then pass normally. */
export interface FaultRule {
  method?: string;
  /** Regular expression tested against the request path (no query). */
  path: string;
  /** Answer with this status (429, 500, 503…) instead of handling the request. */
  status?: number;
  /** Seconds, sent as `Retry-After` with `status`. */
  retryAfter?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Answer normally, but only after this many milliseconds. */
  delayMs?: number;
  times: number;
}

export type FaultAction = { kind: "none" } | { kind: "status"; status: number; retryAfter?: number } | { kind: "drop" } | { kind: "delay"; ms: number };

/** The injected faults, consumed as matching requests arrive. */
export class Faults {
  private rules: FaultRule[] = [];
  readonly injected: Array<{ method: string; path: string; fault: string }> = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  take(method: string, path: string): FaultAction {
    const rule = this.rules.find((r) => r.times > 0 && (!r.method || r.method === method) && new RegExp(r.path).test(path));
    if (!rule) return { kind: "none" };
    rule.times -= 1;
    const action: FaultAction = rule.drop
      ? { kind: "drop" }
      : rule.status
        ? { kind: "status", status: rule.status, ...(rule.retryAfter !== undefined ? { retryAfter: rule.retryAfter } : {}) }
        : { kind: "delay", ms: rule.delayMs ?? 0 };
    this.injected.push({ method, path, fault: action.kind === "status" ? String(action.status) : action.kind });
    return action;
  }
}
