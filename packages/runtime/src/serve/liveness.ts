import type { ProbeIR } from "@sluice/dsl/ir";
import { AZURE_PROBE_DEFAULTS } from "./readiness.ts";
import type { ScoringWorker } from "./scoring-worker.ts";

/** The liveness probe in milliseconds: how often an idle process is pinged, how long it has, how many misses kill it. */
export interface LivenessProbe {
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
}

/** A deployment's `livenessProbe`, with Azure's defaults (every 10 s, 2 s to answer, 30 misses). */
export function livenessProbe(p: ProbeIR | undefined): LivenessProbe {
  return {
    periodMs: (p?.periodSeconds ?? AZURE_PROBE_DEFAULTS.periodSeconds) * 1000,
    timeoutMs: (p?.timeoutSeconds ?? AZURE_PROBE_DEFAULTS.timeoutSeconds) * 1000,
    failureThreshold: p?.failureThreshold ?? AZURE_PROBE_DEFAULTS.failureThreshold,
  };
}

/**
 * Pings every idle ready process each period, as Azure's liveness probe does; one that misses
 * `failureThreshold` pings in a row (frozen, deadlocked) is handed to `onDead`, which restarts it.
 * A busy process is not pinged: its request's timeout already watches it. Returns a stop function.
 */
export function watchLiveness(probe: LivenessProbe, workers: () => ScoringWorker[], onDead: (worker: ScoringWorker, why: string) => void): () => void {
  const misses = new WeakMap<ScoringWorker, number>();
  const probing = new WeakSet<ScoringWorker>();
  const tick = () => {
    for (const w of workers()) {
      if (w.state !== "ready" || w.busy > 0 || probing.has(w)) continue;
      probing.add(w);
      void w.ping(probe.timeoutMs).then((alive) => {
        probing.delete(w);
        const missed = alive ? 0 : (misses.get(w) ?? 0) + 1;
        misses.set(w, missed);
        if (missed >= probe.failureThreshold && w.state === "ready")
          onDead(w, `did not answer its liveness probe ${missed} times in a row (${probe.timeoutMs / 1000} s each)`);
      });
    }
  };
  const timer = setInterval(tick, probe.periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
