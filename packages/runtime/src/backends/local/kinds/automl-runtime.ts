import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { automlLimits } from "@sluice/compiler";
import { LOCAL_ALGORITHMS } from "@sluice/dsl/ir";
import { SluiceError } from "../../../errors/sluice-error.ts";
import { counted } from "../../../progress/counted.ts";
import { pythonAsset } from "../../../python/assets.ts";
import { displayPath } from "../../../runs/checked-json.ts";
import { engineCodeHash } from "../engine-hash.ts";
import { engineWarnings, readEngineResult } from "../engine-result.ts";
import type { LocalAutoMLNode } from "../local-nodes.ts";
import type { NodeRuntime } from "../node-runtime.ts";
import type { RunContext } from "../run-context.ts";

const AUTOML_MODULES = ["numpy", "pandas", "scipy", "sklearn", "yaml"];
const LOCAL_META_LEARNERS = ["logistic_regression", "logistic_regression_cv", "elastic_net", "elastic_net_cv", "linear_regression", "none"];
type Settings = LocalAutoMLNode["automl"];

/** The local engine's name of an Azure algorithm (`random_forest` → `RandomForest`, `knn` → `KNN`). */
function engineName(azure: string): string {
  return azure === "knn" ? "KNN" : azure.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Settings that shape what Azure produces beside the model, not which model wins: the local run says it skips them. */
function azureOnlyNotes(s: Settings): string[] {
  const notes: string[] = [];
  if (s.training?.enableModelExplainability) notes.push("model explanations are computed on Azure ML only");
  if (s.training?.enableOnnxCompatibleModels) notes.push("ONNX-compatible model selection applies on Azure ML only; this model is scikit-learn");
  return notes;
}

/** AutoML settings the scikit-learn engine cannot honour, in words (empty when it can run them all). */
function azureOnlySettings(s: Settings): string[] {
  const f = s.featurizationSettings;
  const meta = s.training?.stackEnsemble?.metaLearner;
  const purposes = Object.entries(f?.columnPurposes ?? {}).filter(([, p]) => p === "text" || p === "datetime");
  const params = Object.keys(f?.transformerParams ?? {}).filter((k) => k !== "imputer");
  return [
    s.training?.enableDnnTraining ? "deep-learning training (training.enableDnnTraining)" : undefined,
    f?.enableDnnFeaturization ? "deep-learning featurization (featurization.enableDnnFeaturization)" : undefined,
    meta !== undefined && !LOCAL_META_LEARNERS.includes(meta) ? `the stack meta-learner ${meta}` : undefined,
    purposes.length > 0 ? `${purposes.map(([c, p]) => `${p} column ${c}`).join(", ")} (featurization.columnPurposes)` : undefined,
    params.length > 0 ? `${params.join(", ")} parameters (featurization.transformerParams)` : undefined,
  ].filter((x): x is string => x !== undefined);
}

/** A task, settings or algorithm list the local engine cannot run: refused before any step starts, never ignored. */
function automlRefusal(node: LocalAutoMLNode): SluiceError | undefined {
  const s = node.automl;
  if (s.task !== "classification" && s.task !== "regression")
    return new SluiceError("environment", `step '${node.name}' is an AutoML ${s.task} task, which the local AutoML engine does not support`, {
      hint:
        s.task === "forecasting"
          ? "run this pipeline on Azure ML, or use classification/regression locally"
          : "image and text tasks train deep models on GPUs: run this pipeline on Azure ML",
    });
  const refused = azureOnlySettings(s);
  if (refused.length > 0)
    return new SluiceError("environment", `step '${node.name}' asks for ${refused.join("; ")}, which the local AutoML engine does not have`, {
      hint: "run this pipeline on Azure ML, or leave these settings out for local runs",
    });
  const local = LOCAL_ALGORITHMS[s.task === "classification" ? "classification" : "regression"];
  if (s.allowedAlgorithms && !s.allowedAlgorithms.some((a) => local.includes(a)))
    return new SluiceError("environment", `step '${node.name}' allows only ${s.allowedAlgorithms.join(", ")}, none of which the local AutoML engine has`, {
      hint: `allow one of ${local.join(", ")} for local runs, or run this pipeline on Azure ML`,
    });
  return undefined;
}

/** The engine's configuration document: the task, its data (resolved here), metric, featurization, limits. */
function automlConfig(ctx: RunContext, node: LocalAutoMLNode, outputs: Record<string, string>): Record<string, unknown> {
  const s = node.automl;
  const port = (name: string) => {
    const binding = node.inputs[name];
    return binding === undefined ? null : ctx.resolve(binding);
  };
  const f = s.featurizationSettings;
  return {
    task: s.task,
    target_column: port("target_column_name"),
    training_data: port("training_data"),
    validation_data: port("validation_data"),
    test_data: port("test_data"),
    primary_metric: s.primaryMetric.toLowerCase(),
    featurization: s.featurization === "custom" ? "auto" : s.featurization,
    featurization_settings: f
      ? { column_purposes: f.columnPurposes ?? null, blocked_transformers: f.blockedTransformers ?? null, transformer_params: f.transformerParams ?? null }
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
    limits: automlLimits(s),
    // Tables a step wrote (read with readDelimitedFiles): a wrong delimiter is fixed there, not in a file.
    tables_from_steps: ["training_data", "validation_data", "test_data"].filter((n) => node.inputs[n]?.kind === "node-output"),
    outputs: { best_model: outputs.best_model, metrics: outputs.metrics },
    seed: 42,
  };
}

/** The best trial, as the end-of-run summary shows it; a damaged result file is named, the run's outcome stands. */
function automlLine(ctx: RunContext, node: LocalAutoMLNode): string | undefined {
  const { file, read } = readEngineResult(ctx.outputPath(node.key, "metrics"));
  if (!existsSync(file)) return undefined;
  if (!read.ok) return `${node.name}: skipped ${displayPath(file)}: ${read.problem}`;
  const m = read.value;
  const best = m.iterations.find((i) => i.iteration === m.best_iteration);
  return `${node.name}: best ${m.primary_metric} ${best?.primary_metric?.value?.toFixed(4)} (${best?.algorithm}, iteration ${m.best_iteration} of ${m.iterations.length})${
    m.warnings?.length ? `, trained with ${counted(m.warnings.length, "warning")} (shown with the step)` : ""
  }`;
}

/** Sluice's scikit-learn AutoML engine, run as one process that trains, picks and writes the best model. */
export const automlRuntime: NodeRuntime<LocalAutoMLNode> = {
  scan: () => undefined,
  modules: () => AUTOML_MODULES,
  refusal: automlRefusal,
  facts(node, facts) {
    facts.settings = { ...node.automl, engine: engineCodeHash() };
  },
  launch(ctx, node, stepDir, outputs) {
    const configFile = join(stepDir, "automl-config.json");
    writeFileSync(configFile, `${JSON.stringify(automlConfig(ctx, node, outputs), null, 2)}\n`);
    // The engine enforces the experiment timeout itself; this outer limit only catches a hang.
    const timeoutSeconds = (node.automl.limits.timeoutMinutes ?? 360) * 60 + 120;
    return { commands: [["python", pythonAsset("automl_engine.py"), configFile]], cwd: stepDir, timeoutSeconds };
  },
  env: () => ({}),
  checksOutputs: false,
  // A reused model keeps the caveats it was trained with: they are in the engine's result.
  warnings: (outputs) => (outputs.metrics === undefined ? [] : engineWarnings(outputs.metrics)),
  summaryLine: automlLine,
};
