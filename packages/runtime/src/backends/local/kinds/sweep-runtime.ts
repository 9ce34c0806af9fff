import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pythonAsset } from "../../../python/assets.ts";
import { parseCommand, resolveOptional, substitute } from "../command-line.ts";
import { engineCodeHash } from "../engine-hash.ts";
import { trialBaseOf } from "../fingerprint.ts";
import type { LocalSweepNode } from "../local-nodes.ts";
import type { Launch, NodeRuntime } from "../node-runtime.ts";
import type { RunContext } from "../run-context.ts";
import { recordSweep, SweepProgress } from "../sweep-progress.ts";
import { sweepFingerprint, TrialCache } from "../trial-cache.ts";
import { codeFacts, codeScanRequest, commandRefusal, prepareCode, withMlflowStandIn } from "./code-node.ts";

/** The sweep engine's configuration: the trial command, what to sample, how to judge and stop trials, where the trial cache is. */
function sweepConfig(ctx: RunContext, node: LocalSweepNode, stepDir: string, outputs: Record<string, string>): Record<string, unknown> {
  const s = node.sweep;
  const inputs: Record<string, string> = Object.fromEntries(Object.entries(node.inputs).map(([n, b]) => [n, ctx.resolve(b)]));
  for (const n of Object.keys(s.searchSpace)) inputs[n] = `\${{search_space.${n}}}`;
  const left = Object.fromEntries(Object.keys(outputs).map((n) => [n, `\${{outputs.${n}}}`]));
  const early = s.earlyTermination;
  const trials = new TrialCache(ctx.cacheDir);
  const fingerprint = sweepFingerprint(ctx, node.key);
  return {
    commands: substitute(parseCommand(resolveOptional(node.component.command, new Set(Object.keys(inputs)))), { inputs, outputs: left }),
    cwd: prepareCode(ctx, node, stepDir),
    search_space: s.searchSpace,
    sampling: s.sampling,
    objective: s.objective,
    limits: {
      max_total_trials: s.limits.maxTotalTrials ?? null,
      max_concurrent_trials: s.limits.maxConcurrentTrials ?? null,
      timeout: s.limits.timeoutSeconds ?? null,
      trial_timeout: s.limits.trialTimeoutSeconds ?? null,
    },
    early_termination: early
      ? {
          policy: early.policy,
          slack_factor: early.slackFactor ?? null,
          slack_amount: early.slackAmount ?? null,
          evaluation_interval: early.evaluationInterval ?? null,
          delay_evaluation: early.delayEvaluation ?? null,
          truncation_percentage: early.truncationPercentage ?? null,
        }
      : null,
    outputs,
    trials_dir: join(stepDir, "trials"),
    cache_dir: trials.root,
    fingerprint,
    // The engine reuses only entries checked against their manifest; damaged ones it names and runs again.
    ...trials.verdict(fingerprint),
  };
}

/**
 * A sweep runs the sweep engine, which runs the trial command once per sampled set of values:
 * the command is given with its fixed inputs filled and `${{search_space.x}}` / `${{outputs.y}}`
 * left for each trial.
 */
export const sweepRuntime: NodeRuntime<LocalSweepNode> = {
  scan: codeScanRequest,
  // A trial's MLflow calls are recorded by Sluice's own module where MLflow is not installed;
  // the engine samples with numpy and scipy (and Optuna for bayesian) in the trial's Python.
  modules(node, imported) {
    const engine = node.sweep.sampling.type === "bayesian" ? ["numpy", "scipy", "optuna"] : ["numpy", "scipy"];
    return [...new Set([...withMlflowStandIn(imported), ...engine])].sort();
  },
  refusal: (node) => commandRefusal(node, true),
  facts(node, facts) {
    codeFacts(node, facts);
    facts.sweep = { ...node.sweep, engine: engineCodeHash() };
  },
  launch(ctx, node, stepDir, outputs) {
    const configFile = join(stepDir, "sweep-config.json");
    writeFileSync(configFile, `${JSON.stringify(sweepConfig(ctx, node, stepDir, outputs), null, 2)}\n`);
    const launch: Launch = { commands: [["python", pythonAsset("sweep_engine.py"), configFile]], cwd: dirname(pythonAsset("sweep_engine.py")) };
    // The engine enforces the sweep's timeout; this outer limit only catches a hang.
    if (node.sweep.limits.timeoutSeconds !== undefined) launch.timeoutSeconds = node.sweep.limits.timeoutSeconds + 120;
    return launch;
  },
  env: () => ({}),
  checksOutputs: true,
  // Trials of the same code and data reuse each other's results whatever the sweep settings.
  decided: (ctx, node, facts) => void ctx.trialBases.set(node.key, trialBaseOf(facts)),
  watch: (ctx, node, reporter) => new SweepProgress(ctx.stepDir(node.key), node.name, reporter),
  // The trials the engine stored are vouched for now (whatever the sweep's outcome): their manifests.
  ran: (ctx, node) => new TrialCache(ctx.cacheDir).record(sweepFingerprint(ctx, node.key)),
  record: (record, dir, reused) => recordSweep(record, join(dir, "sweep.json"), reused),
  warnings: () => [],
  summaryLine: () => undefined,
};
