import { bindingText } from "../lower/bindings.ts";
import type { AutoMLNode, AutoMLSettings } from "./execution-plan.ts";

/** AutoML limits in Azure's snake_case keys: REST, CLI YAML and the local engine's config. */
export function automlLimits(s: AutoMLSettings): Record<string, number | boolean | undefined> {
  return {
    enable_early_termination: s.limits.enableEarlyTermination,
    max_concurrent_trials: s.limits.maxConcurrentTrials,
    max_trials: s.limits.maxTrials,
    timeout_minutes: s.limits.timeoutMinutes,
    trial_timeout_minutes: s.limits.trialTimeoutMinutes,
    exit_score: s.limits.exitScore,
  };
}

/** `training` settings (only what is set), the same in REST and YAML. */
export function automlTraining(s: AutoMLSettings): Record<string, unknown> {
  return { allowed_training_algorithms: s.allowedAlgorithms, blocked_training_algorithms: s.blockedAlgorithms };
}

/**
 * The fields of an `automl` node that REST and the CLI YAML spell the same way: the AutoML
 * settings mapped once, so the two forms cannot drift apart.
 */
export function automlJobFields(node: AutoMLNode): Record<string, unknown> {
  const s = node.automl;
  const binding = (port: string) => {
    const input = node.inputs[port];
    return input === undefined ? undefined : bindingText(input.binding);
  };
  return {
    type: "automl",
    task: s.task,
    display_name: node.displayName,
    compute: node.compute === undefined ? undefined : `azureml:${node.compute}`,
    primary_metric: s.primaryMetric.toLowerCase(),
    target_column_name: binding("target_column_name"),
    training_data: binding("training_data"),
    validation_data: binding("validation_data"),
    n_cross_validations: s.nCrossValidations,
    featurization: s.featurization === "off" ? { mode: "off" } : {},
    limits: automlLimits(s),
    log_verbosity: "info",
    validation_data_size: s.validationDataSize,
  };
}
