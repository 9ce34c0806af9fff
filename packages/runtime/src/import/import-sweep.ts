import { asMap, type Json, objectLiteral, unknownKeys } from "./import-component.ts";
import type { YamlSource } from "./yaml-source.ts";

/** A sweep's own keys, beside those of the job or node it is. */
export const SWEEP_KEYS = ["search_space", "sampling_algorithm", "objective", "limits", "early_termination"];

/** Each distribution's YAML parameters, in the order its DSL function takes them. */
const DISTRIBUTIONS: Record<string, string[]> = {
  choice: ["values"],
  randint: ["upper"],
  uniform: ["min_value", "max_value"],
  loguniform: ["min_value", "max_value"],
  quniform: ["min_value", "max_value", "q"],
  qloguniform: ["min_value", "max_value", "q"],
  normal: ["mu", "sigma"],
  lognormal: ["mu", "sigma"],
  qnormal: ["mu", "sigma", "q"],
  qlognormal: ["mu", "sigma", "q"],
};
const LIMITS: Record<string, string> = {
  max_total_trials: "maxTotalTrials",
  max_concurrent_trials: "maxConcurrentTrials",
  timeout: "timeoutSeconds",
  trial_timeout: "trialTimeoutSeconds",
};
const POLICY: Record<string, string> = {
  slack_factor: "slackFactor",
  slack_amount: "slackAmount",
  evaluation_interval: "evaluationInterval",
  delay_evaluation: "delayEvaluation",
  truncation_percentage: "truncationPercentage",
};

/** `uniform(0.01, 0.9)` for one search space entry; `used` collects the DSL functions named. */
export function distributionCode(src: YamlSource, path: string[], spec: unknown, used: Set<string>): string {
  const d = asMap(spec);
  const type = String(d.type);
  const params = DISTRIBUTIONS[type];
  if (!params)
    throw src.error([...path, "type"], `'${type}' is not a distribution Azure ML sweeps take`, `use one of ${Object.keys(DISTRIBUTIONS).join(", ")}`);
  // A distribution's keys are all known: another distribution's parameter here is a mistake, not a setting.
  unknownKeys(src, path, d, ["type", ...params], new Set());
  const missing = params.find((p) => d[p] === undefined);
  if (missing) throw src.error(path, `a ${type} distribution needs ${params.join(", ")}; '${missing}' is missing`);
  used.add(type);
  const code = (v: unknown) => (Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(", ")}]` : JSON.stringify(v));
  return `${type}(${params.map((p) => code(d[p])).join(", ")})`;
}

/** `{ a: 1 }` with keys renamed by `names`, refusing keys it does not name. */
function renamed(src: YamlSource, path: string[], value: unknown, names: Record<string, string>, extra: Json = {}): string {
  const m = asMap(value);
  unknownKeys(src, path, m, Object.keys(names));
  return objectLiteral({ ...extra, ...Object.fromEntries(Object.entries(m).flatMap(([k, v]) => (names[k] ? [[names[k], v]] : []))) });
}

/** The sampling option: `"random"`, or `{ type: "random", seed: 42 }`. */
function samplingCode(src: YamlSource, path: string[], value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.toLowerCase());
  const m = asMap(value);
  unknownKeys(src, path, m, ["type", "seed", "rule"]);
  return objectLiteral({ ...m, type: String(m.type ?? "random").toLowerCase() });
}

/** The sweep options (`searchSpace`, `sampling`, `objective`, `limits`, `earlyTermination`) of a sweep at `path`. */
export function sweepOptionLines(src: YamlSource, path: string[], spec: Json, used: Set<string>): string[] {
  const space = asMap(spec.search_space);
  if (Object.keys(space).length === 0)
    throw src.error([...path, "search_space"], "a sweep needs a search space", "name the inputs to sweep with their distributions");
  const lines = ["searchSpace: {", ...Object.entries(space).map(([n, d]) => `  ${n}: ${distributionCode(src, [...path, "search_space", n], d, used)},`), "},"];
  if (spec.sampling_algorithm !== undefined) lines.push(`sampling: ${samplingCode(src, [...path, "sampling_algorithm"], spec.sampling_algorithm)},`);
  const objective = asMap(spec.objective);
  unknownKeys(src, [...path, "objective"], objective, ["goal", "primary_metric"]);
  if (typeof objective.primary_metric !== "string") throw src.error([...path, "objective"], "a sweep needs an objective: a primary_metric and a goal");
  lines.push(`objective: ${objectLiteral({ metric: objective.primary_metric, goal: String(objective.goal ?? "maximize").toLowerCase() })},`);
  if (spec.limits !== undefined) lines.push(`limits: ${renamed(src, [...path, "limits"], spec.limits, LIMITS)},`);
  if (spec.early_termination !== undefined)
    lines.push(`earlyTermination: ${earlyTerminationCode(src, [...path, "early_termination"], spec.early_termination)},`);
  return lines;
}

/** `{ policy: "bandit", slackFactor: 0.1, … }` for an `early_termination:` section at `path`. */
export function earlyTerminationCode(src: YamlSource, path: string[], spec: unknown): string {
  unknownKeys(src, path, asMap(spec), ["type", ...Object.keys(POLICY)]);
  const { type, ...policy } = asMap(spec);
  if (!["bandit", "median_stopping", "truncation_selection"].includes(String(type)))
    throw src.error([...path, "type"], `'${String(type)}' is not an early termination policy`, "use bandit, median_stopping or truncation_selection");
  return renamed(src, path, policy, POLICY, { policy: type });
}
