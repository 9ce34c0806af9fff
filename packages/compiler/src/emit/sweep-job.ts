import type { HyperparameterIR, Literal } from "@sluice/dsl/ir";
import { literalText } from "../lower/values.ts";
import type { ExecutionPlan, SweepNode } from "../plan/execution-plan.ts";
import { isoDuration } from "../plan/job-settings.ts";
import { sweepFields } from "../plan/sweep-fields.ts";
import { codePlaceholder, environmentPlaceholder, jobInput, restJobHeader, yamlJobHeader } from "./standalone-job.ts";

const SAMPLING = { random: "Random", grid: "Grid", bayesian: "Bayesian" } as const;
const POLICY = { bandit: "Bandit", median_stopping: "MedianStopping", truncation_selection: "TruncationSelection" } as const;

/** A search space entry in the REST form of a Sweep job: `["uniform", [min, max]]`, `["choice", [[values]]]`. */
function restDistribution(d: HyperparameterIR): [string, unknown[]] {
  switch (d.type) {
    case "choice":
      return ["choice", [d.values]];
    case "randint":
      return ["randint", [d.upper]];
    case "uniform":
    case "loguniform":
      return [d.type, [d.min, d.max]];
    case "quniform":
    case "qloguniform":
      return [d.type, [d.min, d.max, d.q]];
    case "normal":
    case "lognormal":
      return [d.type, [d.mu, d.sigma]];
    case "qnormal":
    case "qlognormal":
      return [d.type, [d.mu, d.sigma, d.q]];
  }
}

/** The job's one node: a standalone sweep job is compiled as a pipeline holding just it. */
export function sweepJobNode(plan: ExecutionPlan): SweepNode {
  const node = plan.nodes[0];
  if (plan.nodes.length !== 1 || node?.kind !== "sweep") throw new Error("a sweep job compiles to exactly one sweep node");
  return node;
}

/**
 * The trial inputs neither given nor searched that have a default: a Sweep job has no component
 * to hold defaults, so the job states them (its command reads them all).
 */
function trialDefaults(plan: ExecutionPlan, node: SweepNode): Array<[string, Literal]> {
  const c = plan.components.find((x) => x.id === node.component);
  return Object.entries(c?.inputs ?? {}).flatMap(([n, i]) =>
    i.default === undefined || n in node.inputs || n in node.sweep.searchSpace ? [] : [[n, i.default] as [string, Literal]],
  );
}

/** The trial's command with its swept inputs read from the search space, as a Sweep job's trial says it. */
function trialCommand(command: string, swept: readonly string[]): string {
  return command.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_]+)\s*\}\}/g, (all, name: string) => (swept.includes(name) ? `\${{search_space.${name}}}` : all));
}

/** The body of `PUT …/jobs/{name}` for a standalone sweep job (jobType Sweep), as the SDK sends it. */
export function sweepJobBody(plan: ExecutionPlan): { properties: Record<string, unknown> } {
  const node = sweepJobNode(plan);
  const c = plan.components.find((x) => x.id === node.component);
  if (!c) throw new Error(`sweep job component ${node.component} is missing from the plan`);
  const s = node.sweep;
  const policy = s.earlyTermination;
  return {
    properties: {
      ...restJobHeader(plan, node),
      inputs: Object.fromEntries([
        ...Object.entries(node.inputs).map(([n, i]) => [n, jobInput(plan, i)]),
        ...trialDefaults(plan, node).map(([n, v]) => [n, { jobInputType: "literal", value: literalText(v) }]),
      ]),
      jobType: "Sweep",
      limits: {
        jobLimitsType: "Sweep",
        maxConcurrentTrials: s.limits.maxConcurrentTrials,
        maxTotalTrials: s.limits.maxTotalTrials,
        timeout: s.limits.timeoutSeconds === undefined ? undefined : isoDuration(s.limits.timeoutSeconds),
        trialTimeout: s.limits.trialTimeoutSeconds === undefined ? undefined : isoDuration(s.limits.trialTimeoutSeconds),
      },
      objective: { goal: s.objective.goal, primaryMetric: s.objective.metric },
      samplingAlgorithm: {
        samplingAlgorithmType: SAMPLING[s.sampling.type],
        seed: s.sampling.seed,
        rule: s.sampling.rule && (s.sampling.rule === "sobol" ? "Sobol" : "Random"),
      },
      searchSpace: Object.fromEntries(Object.entries(s.searchSpace).map(([n, d]) => [n, restDistribution(d)])),
      earlyTermination: policy && {
        policyType: POLICY[policy.policy],
        slackFactor: policy.slackFactor,
        slackAmount: policy.slackAmount,
        evaluationInterval: policy.evaluationInterval,
        delayEvaluation: policy.delayEvaluation,
        truncationPercentage: policy.truncationPercentage,
      },
      trial: {
        codeId: c.code === undefined ? undefined : codePlaceholder(c.code),
        command: trialCommand(c.command, Object.keys(s.searchSpace)),
        environmentId: environmentPlaceholder(c.environment),
        environmentVariables: {},
      },
    },
  };
}

/** The CLI v2 YAML of a standalone sweep job (`type: sweep`), paths relative to the YAML's folder. */
export function sweepJobYaml(
  plan: ExecutionPlan,
  trial: { code?: string | undefined; environment: unknown },
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const node = sweepJobNode(plan);
  const c = plan.components.find((x) => x.id === node.component);
  const { early_termination, ...fields } = sweepFields(node.sweep, "yaml");
  return {
    ...yamlJobHeader(plan, node, "sweepJob", "sweep"),
    trial: { code: trial.code, command: trialCommand(c?.command ?? "", Object.keys(node.sweep.searchSpace)), environment: trial.environment },
    inputs: { ...inputs, ...Object.fromEntries(trialDefaults(plan, node)) },
    ...fields,
    early_termination: early_termination,
  };
}
