import type { HyperparameterIR } from "@sluice/dsl/ir";
import type { AutoMLSettings } from "./execution-plan.ts";
import { distribution, POLICY_TYPE } from "./sweep-fields.ts";

type Literal = string | number | boolean;
type Subspace = Record<string, HyperparameterIR | Literal>;

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const isDistribution = (v: HyperparameterIR | Literal): v is HyperparameterIR => typeof v === "object";

/** A value as Python's `str()` writes it inside the SDK's distribution text (`'sgd'`, `True`, `15`). */
function pythonValue(v: Literal): string {
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

/** A distribution as the SDK sends it in a job body: `choice('a','b')`, `uniform(0.001,0.01)`. */
export function distributionText(d: HyperparameterIR): string {
  const args = (...xs: Literal[]) => `${d.type}(${xs.map(pythonValue).join(",")})`;
  switch (d.type) {
    case "choice":
      return args(...d.values);
    case "randint":
      return args(d.upper);
    case "uniform":
    case "loguniform":
      return args(d.min, d.max);
    case "quniform":
    case "qloguniform":
      return args(d.min, d.max, d.q);
    case "normal":
    case "lognormal":
      return args(d.mu, d.sigma);
    case "qnormal":
    case "qlognormal":
      return args(d.mu, d.sigma, d.q);
  }
}

/** Subspaces with each key renamed and each distribution written as `form` says. */
function subspaces(list: readonly Subspace[], key: (k: string) => string, form: "text" | "yaml"): Record<string, unknown>[] {
  const value = (v: HyperparameterIR | Literal) => (isDistribution(v) ? (form === "text" ? distributionText(v) : distribution(v)) : v);
  return list.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [key(k), value(v)])));
}

/** The sweep's early termination; a bandit policy's unset slack goes as 0, as the SDK sends it. */
function policyOf(s: AutoMLSettings): Record<string, unknown> | undefined {
  const p = s.sweep?.earlyTermination;
  if (!p) return undefined;
  const bandit = p.policy === "bandit" ? { slackAmount: p.slackAmount ?? 0, slackFactor: p.slackFactor ?? 0 } : {};
  return { delayEvaluation: p.delayEvaluation, evaluationInterval: p.evaluationInterval, truncationPercentage: p.truncationPercentage, ...bandit };
}

/**
 * The deep-learning fields of an AutoML node in snake_case: REST (`form: "text"`, distributions as
 * the SDK's text) and the CLI YAML (`form: "yaml"`, distributions as `{type, values}`).
 */
export function deepLearningFields(s: AutoMLSettings, form: "text" | "yaml"): Record<string, unknown> {
  const policy = policyOf(s);
  const p = s.sweep?.earlyTermination;
  return {
    training_parameters: s.trainingParameters && Object.fromEntries(Object.entries(s.trainingParameters).map(([k, v]) => [snake(k), v])),
    search_space: s.searchSpace && subspaces(s.searchSpace, snake, form),
    sweep: s.sweep && {
      sampling_algorithm: s.sweep.sampling,
      early_termination: p && {
        type: p.policy,
        ...Object.fromEntries(Object.entries(policy ?? {}).map(([k, v]) => [snake(k), v])),
      },
    },
  };
}

/** Model settings that name a REST enum value (`adamw` → `Adamw`, `coco_voc` → `CocoVoc`), as the SDK sends them in a job. */
const ENUM_SETTINGS = new Set(["optimizer", "learningRateScheduler", "modelSize", "validationMetricType"]);
const pascal = (v: string) =>
  v
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");

function modelSettings(parameters: Record<string, Literal> | undefined): Record<string, Literal> | undefined {
  return parameters && Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, ENUM_SETTINGS.has(k) && typeof v === "string" ? pascal(v) : v]));
}

/** The same for a standalone AutoML job's task details (camelCase, REST enums). */
export function deepLearningTaskDetails(s: AutoMLSettings): Record<string, unknown> {
  const p = s.sweep?.earlyTermination;
  return {
    modelSettings: modelSettings(s.trainingParameters),
    searchSpace: s.searchSpace && subspaces(s.searchSpace, (k) => k, "text"),
    sweepSettings: s.sweep && {
      samplingAlgorithm: s.sweep.sampling,
      earlyTermination: p && { ...policyOf(s), policyType: POLICY_TYPE[p.policy] },
    },
  };
}
