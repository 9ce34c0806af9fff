import type { AutoMLNode, CommandNode, CompiledNode, CompiledPipeline, NodeOutput } from "../lower/model.ts";
import { bindingText } from "../lower/bindings.ts";
import { stableStringify } from "../hash/content-version.ts";
import { emittedPath } from "./paths.ts";

/** The `componentId` the runtime replaces with an ARM id once the component exists. */
export function componentPlaceholder(componentId: string): string {
  return `sluice:component:${componentId}`;
}

function nodeOutputs(outputs: Record<string, NodeOutput>): Record<string, unknown> | undefined {
  const entries = Object.entries(outputs).map(([name, o]) => [
    name,
    o.pipelineOutput === undefined ? { job_output_type: o.type } : { type: "literal", value: `\${{parent.outputs.${o.pipelineOutput}}}` },
  ]);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function commandNode(node: CommandNode): Record<string, unknown> {
  return {
    _source: "BUILDER",
    componentId: componentPlaceholder(node.component),
    computeId: node.compute,
    display_name: node.displayName,
    inputs: Object.fromEntries(Object.entries(node.inputs).map(([name, i]) => [name, { job_input_type: "literal", value: bindingText(i.binding) }])),
    limits: node.timeoutSeconds === undefined ? undefined : { job_limits_type: "Command", timeout: `PT${node.timeoutSeconds}S` },
    name: node.key,
    outputs: nodeOutputs(node.outputs),
    type: "command",
  };
}

const METRIC_CASE = (metric: string) => metric.toLowerCase();

function automlNode(node: AutoMLNode): Record<string, unknown> {
  const s = node.step;
  const limits = {
    enable_early_termination: s.enableEarlyStopping,
    max_concurrent_trials: s.limits.maxConcurrentTrials,
    max_trials: s.limits.maxTrials,
    timeout_minutes: s.limits.timeoutMinutes,
    trial_timeout_minutes: s.limits.trialTimeoutMinutes,
  };
  return {
    compute: node.compute === undefined ? undefined : `azureml:${node.compute}`,
    display_name: node.displayName,
    featurization: s.featurization === "off" ? { mode: "off" } : {},
    limits,
    log_verbosity: "info",
    n_cross_validations: s.nCrossValidations,
    name: node.key,
    outputs: nodeOutputs(node.outputs),
    primary_metric: METRIC_CASE(s.primaryMetric),
    properties: {},
    tags: {},
    target_column_name: bindingText(node.targetColumn),
    task: s.task,
    training: {},
    training_data: bindingText(node.trainingData),
    type: "automl",
    validation_data: node.validationData === undefined ? undefined : bindingText(node.validationData),
  };
}

/** Per-kind node emitters (snake_case node JSON, as the SDK sends it). */
const NODE_EMITTERS: { [K in CompiledNode["kind"]]: (node: Extract<CompiledNode, { kind: K }>) => Record<string, unknown> } = {
  command: commandNode,
  automl: automlNode,
};

function topLevelInputs(model: CompiledPipeline, baseDir: string): Record<string, unknown> {
  return Object.fromEntries(
    model.inputs.map((i) => {
      if (i.kind === "parameter") return [i.name, { jobInputType: "literal", value: i.value }];
      const uri = i.kind === "local" ? emittedPath(baseDir, i.value) : i.value;
      return [i.name, { jobInputType: i.type, uri }];
    }),
  );
}

/**
 * The body of `PUT …/workspaces/{ws}/jobs/{name}` (api-version 2022-10-01): a Pipeline job in
 * the official SDK's shape, except that every pipeline output states its type.
 */
export function emitRestJob(model: CompiledPipeline, baseDir: string): Record<string, unknown> {
  const ir = model.ir;
  const outputs = Object.entries(model.outputs).filter(([, o]) => o.type !== "automl_metrics");
  return {
    properties: {
      description: ir.description,
      displayName: ir.name,
      experimentName: ir.experiment,
      inputs: topLevelInputs(model, baseDir),
      isArchived: false,
      jobType: "Pipeline",
      jobs: Object.fromEntries(model.nodes.map((n) => [n.key, (NODE_EMITTERS[n.kind] as (x: CompiledNode) => Record<string, unknown>)(n)])),
      outputs: Object.fromEntries(outputs.map(([name, o]) => [name, { jobOutputType: o.type }])),
      properties: {},
      settings: {
        _source: "DSL",
        continue_on_step_failure: ir.continueOnStepFailure,
        default_compute: ir.defaultCompute,
        default_datastore: ir.defaultDatastore,
      },
      tags: ir.tags,
    },
  };
}

export function restJobJson(model: CompiledPipeline, baseDir: string): string {
  return `${stableStringify(emitRestJob(model, baseDir), 2)}\n`;
}
