import type { HyperparameterIR, SweepSettingsIR } from "@sluice/dsl/ir";

/** A search space entry as the CLI v2 YAML (and a pipeline's sweep node) writes it. */
export function distribution(d: HyperparameterIR): Record<string, unknown> {
  switch (d.type) {
    case "choice":
      return { type: "choice", values: d.values };
    case "randint":
      return { type: "randint", upper: d.upper };
    case "uniform":
    case "loguniform":
      return { type: d.type, min_value: d.min, max_value: d.max };
    case "quniform":
    case "qloguniform":
      return { type: d.type, min_value: d.min, max_value: d.max, q: d.q };
    case "normal":
    case "lognormal":
      return { type: d.type, mu: d.mu, sigma: d.sigma };
    case "qnormal":
    case "qlognormal":
      return { type: d.type, mu: d.mu, sigma: d.sigma, q: d.q };
  }
}

export const POLICY_TYPE = { bandit: "Bandit", median_stopping: "MedianStopping", truncation_selection: "TruncationSelection" } as const;

/**
 * The fields of a sweep node that REST and the CLI YAML share: search space, sampling (a string
 * unless it has a seed or rule), objective, limits in whole seconds. `early_termination` is the
 * REST form (`policy_type`) in a job body and the YAML form (`type`) in a YAML file, as the SDK
 * writes them.
 */
export function sweepFields(s: SweepSettingsIR, form: "rest" | "yaml"): Record<string, unknown> {
  const sampling = s.sampling.seed === undefined && s.sampling.rule === undefined ? s.sampling.type : { ...s.sampling };
  const policy = s.earlyTermination;
  return {
    search_space: Object.fromEntries(Object.entries(s.searchSpace).map(([n, d]) => [n, distribution(d)])),
    sampling_algorithm: sampling,
    objective: { goal: s.objective.goal, primary_metric: s.objective.metric },
    limits: {
      max_total_trials: s.limits.maxTotalTrials,
      max_concurrent_trials: s.limits.maxConcurrentTrials,
      timeout: s.limits.timeoutSeconds,
      trial_timeout: s.limits.trialTimeoutSeconds,
    },
    early_termination: policy && {
      ...(form === "rest" ? { policy_type: POLICY_TYPE[policy.policy] } : { type: policy.policy }),
      slack_factor: policy.slackFactor,
      slack_amount: policy.slackAmount,
      evaluation_interval: policy.evaluationInterval,
      delay_evaluation: policy.delayEvaluation,
      truncation_percentage: policy.truncationPercentage,
    },
  };
}
