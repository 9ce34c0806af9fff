import type { ComponentInputIR, HyperparameterIR, SweepStepIR, ValueRef } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { bindAll, nodeBase } from "../lower/command-node.ts";
import type { LowerContext } from "../lower/lower-context.ts";
import { nodeKey } from "../names/azure-names.ts";
import type { SweepNode } from "../plan/execution-plan.ts";
import { checkComponentInterface } from "./command-checks.ts";
import { COMMAND_KIND, componentOutputs, componentReads, componentSpec, componentWrites } from "./command-kind.ts";
import type { StepKind } from "./step-kind.ts";

/** The numeric distributions a number (or, when quantized by a whole `q`, an integer) input takes. */
const NUMERIC = new Set(["uniform", "loguniform", "normal", "lognormal", "quniform", "qloguniform", "qnormal", "qlognormal"]);

/** Why a distribution does not fit the input it sweeps, if it does not. */
function mismatch(d: HyperparameterIR, input: ComponentInputIR): string | undefined {
  if (d.type === "choice") {
    const kind = input.type === "integer" ? "number" : input.type;
    const wrong = d.values.find((v) => typeof v !== kind || (input.type === "integer" && !Number.isInteger(v)));
    if (d.values.length === 0) return "chooses from no values";
    return wrong === undefined ? undefined : `chooses ${JSON.stringify(wrong)} for a ${input.type} input`;
  }
  if (input.type !== "number" && input.type !== "integer") return `is ${d.type}, which samples numbers, for a ${input.type} input`;
  if (input.type === "integer" && d.type !== "randint" && !("q" in d && Number.isInteger(d.q)))
    return `is ${d.type}, which samples fractions, for an integer input (use randint, choice or a whole q)`;
  if (d.type === "randint") return Number.isInteger(d.upper) && d.upper >= 1 ? undefined : `randint's upper bound must be a whole number ≥ 1, got ${d.upper}`;
  if ("min" in d && !(d.min < d.max)) return `needs min < max, got ${d.min} and ${d.max}`;
  if ("sigma" in d && !(d.sigma > 0)) return `needs sigma > 0, got ${d.sigma}`;
  if ("q" in d && !(d.q > 0)) return `needs q > 0, got ${d.q}`;
  return NUMERIC.has(d.type) ? undefined : `is not a distribution Azure has`;
}

/** How messages name the sweep: a step by its name, a standalone job (whose step the author never named) as the job. */
function who(ctx: CompileContext, step: SweepStepIR): string {
  return ctx.ir.job === "sweep" ? `sweep job '${ctx.ir.name}'` : `sweep '${step.name}'`;
}

function checkSearchSpace(ctx: CompileContext, step: SweepStepIR): void {
  const at = ctx.at(step);
  for (const [name, d] of Object.entries(step.sweep.searchSpace)) {
    const input = step.component.inputs[name];
    const problem = !input
      ? `sweeps '${name}', which component '${step.component.name}' does not have`
      : name in step.inputs
        ? `both gives and sweeps input '${name}'`
        : (() => {
            const why = mismatch(d, input);
            return why && `search space '${name}' ${why}`;
          })();
    if (problem)
      ctx.diagnostics.report("SL148", at, `${who(ctx, step)} ${problem}`, "sweep only the trial's value inputs, each with a distribution of its type");
  }
  if (Object.keys(step.sweep.searchSpace).length === 0)
    ctx.diagnostics.report("SL148", at, `${who(ctx, step)} has an empty search space`, "name at least one input to sweep");
  if (step.sweep.sampling.type === "grid" && Object.values(step.sweep.searchSpace).some((d) => d.type !== "choice"))
    ctx.diagnostics.report(
      "SL148",
      at,
      `${who(ctx, step)} uses grid sampling with a continuous distribution`,
      "grid sampling enumerates choice(...) values only",
    );
}

/** What Azure refuses in the objective and sampling: no metric name, a seed that is not a whole number. */
function checkObjective(ctx: CompileContext, step: SweepStepIR): void {
  const { objective, sampling } = step.sweep;
  if (objective.metric.trim() === "")
    ctx.diagnostics.report(
      "SL148",
      ctx.at(step),
      `${who(ctx, step)} has no objective metric`,
      'name the metric trials log: objective: { metric: "accuracy", goal: "maximize" }',
    );
  if (sampling.seed !== undefined && !(Number.isInteger(sampling.seed) && sampling.seed >= 0))
    ctx.diagnostics.report("SL148", ctx.at(step), `sampling seed of ${who(ctx, step)} must be a whole number ≥ 0, got ${sampling.seed}`, "give seed: 42");
  if (sampling.rule !== undefined && sampling.type !== "random")
    ctx.diagnostics.report(
      "SL148",
      ctx.at(step),
      `${who(ctx, step)} sets a rule for ${sampling.type} sampling`,
      "rule (random or sobol) applies to random sampling only",
    );
}

function checkLimits(ctx: CompileContext, step: SweepStepIR): void {
  const { limits, earlyTermination: policy } = step.sweep;
  for (const [key, value] of Object.entries(limits))
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      ctx.diagnostics.report("SL148", ctx.at(step), `limits.${key} of ${who(ctx, step)} must be a whole number ≥ 1, got ${value}`, "give a count or seconds");
  if (policy?.policy === "bandit" && (policy.slackFactor === undefined) === (policy.slackAmount === undefined))
    ctx.diagnostics.report(
      "SL148",
      ctx.at(step),
      `the bandit policy of ${who(ctx, step)} needs exactly one of slackFactor and slackAmount`,
      "give slackFactor: 0.1 or slackAmount: 0.2",
    );
  checkPolicyNumbers(ctx, step);
  const pct = policy?.truncationPercentage;
  if (policy?.policy === "truncation_selection" && !(pct !== undefined && Number.isInteger(pct) && pct >= 1 && pct <= 99))
    ctx.diagnostics.report(
      "SL148",
      ctx.at(step),
      `the truncation policy of ${who(ctx, step)} needs truncationPercentage between 1 and 99`,
      "give truncationPercentage: 20",
    );
}

/**
 * A policy's timings are counts of metric reports, which Azure's schema takes as integers (the
 * SDK's loader refuses 2.5), from 0; a slack is a shortfall a trial may have, so it is above 0
 * (at 0 or below every trial but the best would be stopped at once).
 */
function checkPolicyNumbers(ctx: CompileContext, step: SweepStepIR): void {
  const policy = step.sweep.earlyTermination;
  if (policy === undefined) return;
  for (const key of ["evaluationInterval", "delayEvaluation"] as const) {
    const value = policy[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      ctx.diagnostics.report(
        "SL148",
        ctx.at(step),
        `early termination of ${who(ctx, step)}: ${key} must be a whole number ≥ 0, got ${value}`,
        `give ${key}: 2 (metric reports)`,
      );
  }
  if (policy.policy !== "bandit") return;
  for (const key of ["slackFactor", "slackAmount"] as const) {
    const value = policy[key];
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      ctx.diagnostics.report(
        "SL148",
        ctx.at(step),
        `bandit policy of ${who(ctx, step)}: ${key} must be above 0, got ${value}`,
        `give ${key}: ${key === "slackFactor" ? "0.1" : "0.2"}`,
      );
  }
}

/** The sweep's inputs as a command step sees them: swept ones count as given (unknown ones are SL148's). */
function asGiven(step: SweepStepIR): SweepStepIR {
  const swept: Record<string, ValueRef> = Object.fromEntries(
    Object.keys(step.sweep.searchSpace)
      .filter((n) => n in step.component.inputs)
      .map((n) => [n, { type: "parameter", name: n }]),
  );
  return { ...step, inputs: { ...swept, ...step.inputs } };
}

function lowerSweep(ctx: LowerContext, step: SweepStepIR): SweepNode {
  const deps = new Set<string>();
  const inputs = bindAll(ctx, step.inputs, deps);
  const { spec, sha } = componentSpec(ctx, step);
  const component = ctx.assets.component(spec, sha, nodeKey(step.name), step.component.version);
  const node: SweepNode = {
    kind: "sweep",
    ...nodeBase(step, deps),
    component: component.id,
    inputs,
    outputs: componentOutputs(ctx, step.outputs),
    sweep: step.sweep,
  };
  if (step.displayName !== undefined) node.displayName = step.displayName;
  return node;
}

/** A sweep of a command component: its interface checked like a component run, its search space against the inputs it sweeps. */
export const SWEEP_KIND: StepKind<SweepStepIR> = {
  reads: componentReads,
  writes: componentWrites,
  // The trial's code and environment are its component's, as for a command step.
  code: (s) => COMMAND_KIND.code({ ...s, kind: "command" }),
  environment: (s) => COMMAND_KIND.environment({ ...s, kind: "command" }),
  check: (ctx, step) => {
    checkComponentInterface(ctx, asGiven(step));
    checkSearchSpace(ctx, step);
    checkObjective(ctx, step);
    checkLimits(ctx, step);
  },
  lower: lowerSweep,
};
