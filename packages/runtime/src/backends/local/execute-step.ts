import { copyFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { automlLimits } from "@sluice/compiler";
import type { SweepSettingsIR } from "@sluice/dsl/ir";
import { pythonAsset } from "../../python/assets.ts";
import { redactLogsUnder } from "../../process/redacting-sink.ts";
import { runProcess, tailLines, type ProcessOutcome } from "../../process/run-process.ts";
import { parseCommand, resolveOptional, substitute } from "./command-line.ts";
import type { LocalAutoMLNode, LocalCommandNode, LocalNode } from "./local-nodes.ts";
import type { RunContext } from "./run-context.ts";
import { sweepFingerprint, TrialCache } from "./trial-cache.ts";
import { ensureDir } from "../../fs/atomic-write.ts";

export interface StepOutcome {
  status: "completed" | "failed" | "cancelled";
  exitCode?: number | null;
  reason?: string;
  stderrTail?: string[];
  logFile?: string;
  /** Lines the step completed with but the user should see (thin training data, an empty unread output). */
  warnings?: string[];
}

interface Launch {
  commands: string[][];
  cwd: string;
  timeoutSeconds?: number;
}

/** Copies the code snapshot's files (as hashed at compile time) into the step's own folder. */
function prepareCode(ctx: RunContext, node: LocalCommandNode, stepDir: string): string {
  const source = resolve(ctx.baseDir, node.snapshot.path);
  const code = join(stepDir, "code");
  for (const file of node.snapshot.files) {
    ensureDir(dirname(join(code, file.path)));
    copyFileSync(join(source, file.path), join(code, file.path));
  }
  ensureDir(code);
  return code;
}

/**
 * A sweep runs the sweep engine, which runs the trial command once per sampled set of values:
 * the command is given with its fixed inputs filled and `${{search_space.x}}` / `${{outputs.y}}`
 * left for each trial.
 */
function sweepLaunch(ctx: RunContext, node: LocalCommandNode & { sweep: SweepSettingsIR }, stepDir: string, outputs: Record<string, string>): Launch {
  const s = node.sweep;
  const swept = Object.keys(s.searchSpace);
  const inputs: Record<string, string> = Object.fromEntries(Object.entries(node.inputs).map(([n, b]) => [n, ctx.resolve(b)]));
  for (const n of swept) inputs[n] = `\${{search_space.${n}}}`;
  const left = Object.fromEntries(Object.keys(outputs).map((n) => [n, `\${{outputs.${n}}}`]));
  const commands = substitute(parseCommand(resolveOptional(node.component.command, new Set(Object.keys(inputs)))), { inputs, outputs: left });
  const early = s.earlyTermination;
  const trials = new TrialCache(ctx.cacheDir);
  const fingerprint = sweepFingerprint(ctx, node.key);
  const config = {
    commands,
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
  const configFile = join(stepDir, "sweep-config.json");
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const launch: Launch = { commands: [["python", pythonAsset("sweep_engine.py"), configFile]], cwd: dirname(pythonAsset("sweep_engine.py")) };
  // The engine enforces the sweep's timeout; this outer limit only catches a hang.
  if (s.limits.timeoutSeconds !== undefined) launch.timeoutSeconds = s.limits.timeoutSeconds + 120;
  return launch;
}

function commandLaunch(ctx: RunContext, node: LocalCommandNode, stepDir: string, outputs: Record<string, string>): Launch {
  if (node.sweep) return sweepLaunch(ctx, { ...node, sweep: node.sweep }, stepDir, outputs);
  const inputs = Object.fromEntries(Object.entries(node.inputs).map(([n, b]) => [n, ctx.resolve(b)]));
  const commands = substitute(parseCommand(resolveOptional(node.component.command, new Set(Object.keys(inputs)))), { inputs, outputs });
  const launch: Launch = { commands, cwd: prepareCode(ctx, node, stepDir) };
  if (node.timeoutSeconds !== undefined) launch.timeoutSeconds = node.timeoutSeconds;
  return launch;
}

/** The local engine's name of an Azure algorithm (`random_forest` → `RandomForest`, `knn` → `KNN`). */
function engineName(azure: string): string {
  return azure === "knn" ? "KNN" : azure.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Settings that shape what Azure produces beside the model, not which model wins: the local run says it skips them. */
function azureOnlyNotes(s: LocalAutoMLNode["automl"]): string[] {
  const notes: string[] = [];
  if (s.training?.enableModelExplainability) notes.push("model explanations are computed on Azure ML only");
  if (s.training?.enableOnnxCompatibleModels) notes.push("ONNX-compatible model selection applies on Azure ML only; this model is scikit-learn");
  return notes;
}

function automlLaunch(ctx: RunContext, node: LocalAutoMLNode, stepDir: string, outputs: Record<string, string>): Launch {
  const s = node.automl;
  const limits = automlLimits(s);
  const port = (name: string) => {
    const binding = node.inputs[name];
    return binding === undefined ? null : ctx.resolve(binding);
  };
  const config = {
    task: s.task,
    target_column: port("target_column_name"),
    training_data: port("training_data"),
    validation_data: port("validation_data"),
    test_data: port("test_data"),
    primary_metric: s.primaryMetric.toLowerCase(),
    featurization: s.featurization === "custom" ? "auto" : s.featurization,
    featurization_settings: s.featurizationSettings
      ? {
          column_purposes: s.featurizationSettings.columnPurposes ?? null,
          blocked_transformers: s.featurizationSettings.blockedTransformers ?? null,
          transformer_params: s.featurizationSettings.transformerParams ?? null,
        }
      : null,
    n_cross_validations: s.nCrossValidations ?? null,
    validation_data_size: s.validationDataSize ?? null,
    test_data_size: s.testDataSize ?? null,
    weight_column: s.weightColumn ?? null,
    positive_label: s.positiveLabel ?? null,
    cv_split_columns: s.cvSplitColumns ?? null,
    training: {
      enable_vote_ensemble: s.training?.enableVoteEnsemble ?? false,
      enable_stack_ensemble: s.training?.enableStackEnsemble ?? false,
      stack_meta_learner_type: s.training?.stackEnsemble?.metaLearner ?? null,
      stack_meta_learner_train_percentage: s.training?.stackEnsemble?.trainPercentage ?? null,
    },
    notes: azureOnlyNotes(s),
    allowed_algorithms: s.allowedAlgorithms?.map(engineName) ?? null,
    blocked_algorithms: s.blockedAlgorithms?.map(engineName) ?? null,
    limits,
    // Tables a step wrote (read with readDelimitedFiles): a wrong delimiter is fixed there, not in a file.
    tables_from_steps: ["training_data", "validation_data", "test_data"].filter((n) => node.inputs[n]?.kind === "node-output"),
    outputs: { best_model: outputs.best_model, metrics: outputs.metrics },
    seed: 42,
  };
  const configFile = join(stepDir, "automl-config.json");
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  // The engine enforces the experiment timeout itself; this outer limit only catches a hang.
  const timeoutSeconds = (s.limits.timeoutMinutes ?? 360) * 60 + 120;
  return { commands: [["python", pythonAsset("automl_engine.py"), configFile]], cwd: stepDir, timeoutSeconds };
}

type Launcher<N extends LocalNode> = (ctx: RunContext, node: N, stepDir: string, outputs: Record<string, string>) => Launch;

/** How each plan node kind starts on this machine; a new node kind is one entry (a type error until added). */
const LAUNCHERS: { [K in LocalNode["kind"]]: Launcher<Extract<LocalNode, { kind: K }>> } = {
  command: commandLaunch,
  automl: automlLaunch,
};

function failure(outcome: ProcessOutcome, timeoutSeconds: number | undefined): string {
  if (outcome.spawnError) return `could not start: ${outcome.spawnError}`;
  if (outcome.timedOut) return `timed out after ${timeoutSeconds}s`;
  if (outcome.signal) return `killed by ${outcome.signal}`;
  return `exit code ${outcome.exitCode}`;
}

/**
 * Runs one node: its commands in order (`&&`), each as an argv with `python` bound to the
 * interpreter chosen for this step, logging to `stdout.log` / `stderr.log` in the step folder.
 */
export async function executeStep(ctx: RunContext, node: LocalNode, outputs: Record<string, string>): Promise<StepOutcome> {
  const stepDir = ctx.stepDir(node.key);
  ensureDir(stepDir);
  for (const dir of Object.values(outputs)) ensureDir(dir);
  const stdoutFile = join(stepDir, "stdout.log");
  const stderrFile = join(stepDir, "stderr.log");
  let launch: Launch;
  try {
    launch = (LAUNCHERS[node.kind] as Launcher<LocalNode>)(ctx, node, stepDir, outputs);
  } catch (error) {
    return { status: "failed", reason: (error as Error).message };
  }
  const python = ctx.interpreters.get(node.key)?.path ?? "python3";
  const deadline = launch.timeoutSeconds === undefined ? undefined : Date.now() + launch.timeoutSeconds * 1000;
  for (const argv of launch.commands) {
    const program = argv[0] === "python" || argv[0] === "python3" ? [python, ...argv.slice(1)] : argv;
    const outcome = await runProcess(program, {
      cwd: launch.cwd,
      env: { ...ctx.env(node.key, node.name), ...(node.kind === "command" ? node.environmentVariables : {}) },
      stdoutFile,
      stderrFile,
      signal: ctx.signal,
      ...(deadline ? { deadline } : {}),
    });
    // A sweep's trial logs are written by its Python runner, not through runProcess's redacting sink.
    redactLogsUnder(join(stepDir, "trials"));
    if (outcome.cancelled) return { status: "cancelled", reason: "cancelled" };
    if (outcome.exitCode !== 0) {
      return {
        status: "failed",
        exitCode: outcome.exitCode,
        reason: failure(outcome, launch.timeoutSeconds),
        stderrTail: tailLines(stderrFile, 12),
        logFile: stderrFile,
      };
    }
  }
  return { status: "completed", exitCode: 0 };
}
