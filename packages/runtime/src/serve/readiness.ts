import type { ProbeIR } from "@sluice/dsl/ir";

/** Azure's defaults for a managed online deployment's probes (seconds). */
export const AZURE_PROBE_DEFAULTS = { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 30 } as const;

/** How long a scoring process may take to load its model (run `init()`), and how to say it ran out. */
export interface ReadinessLimit {
  timeoutMs: number;
  why: string;
}

/**
 * The readiness probe as a deadline for `init()`: Azure stops probing and fails the container
 * after `initialDelaySeconds + periodSeconds × failureThreshold`, so a model still loading then
 * never becomes ready. Locally the process reports when it loaded, so only the deadline matters.
 */
export function readinessLimit(probe: ProbeIR | undefined): ReadinessLimit {
  const initial = probe?.initialDelaySeconds ?? AZURE_PROBE_DEFAULTS.initialDelaySeconds;
  const period = probe?.periodSeconds ?? AZURE_PROBE_DEFAULTS.periodSeconds;
  const failures = probe?.failureThreshold ?? AZURE_PROBE_DEFAULTS.failureThreshold;
  const seconds = initial + period * failures;
  return {
    timeoutMs: seconds * 1000,
    why: `init() did not finish within ${seconds} s (readinessProbe: initialDelaySeconds ${initial} + periodSeconds ${period} × failureThreshold ${failures}); the scoring process was stopped`,
  };
}
