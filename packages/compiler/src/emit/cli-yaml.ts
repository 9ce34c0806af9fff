import { bindingText } from "../lower/bindings.ts";
import type { AutoMLNode, CommandNode, CompiledNode, CompiledPipeline, ComponentSpec, EnvironmentSpec, NodeOutput } from "../lower/model.ts";
import { emittedPath } from "./paths.ts";
import { toYaml } from "./yaml-text.ts";

const PIPELINE_SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json";
const COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json";

interface YamlContext {
  model: CompiledPipeline;
  baseDir: string;
  components: Map<string, ComponentSpec>;
  environments: Map<string, EnvironmentSpec>;
  snapshotDirs: Map<string, string>;
}

function environmentValue(ctx: YamlContext, id: string): unknown {
  const env = ctx.environments.get(id);
  if (!env || env.kind === "registered") return id;
  return { image: env.image, conda_file: env.condaFile === undefined ? undefined : emittedPath(ctx.baseDir, env.condaFile) };
}

function outputs(record: Record<string, NodeOutput>): Record<string, unknown> | undefined {
  const entries = Object.entries(record).map(([n, o]) => [n, o.pipelineOutput === undefined ? { type: o.type } : `\${{parent.outputs.${o.pipelineOutput}}}`]);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function commandJob(ctx: YamlContext, node: CommandNode): Record<string, unknown> {
  const c = ctx.components.get(node.component) as ComponentSpec;
  const empty = (r: Record<string, unknown>) => (Object.keys(r).length === 0 ? undefined : r);
  return {
    type: "command",
    display_name: node.displayName,
    compute: node.compute === undefined ? undefined : `azureml:${node.compute}`,
    component: {
      $schema: COMPONENT_SCHEMA,
      name: c.name,
      type: "command",
      code: ctx.snapshotDirs.get(c.code),
      environment: environmentValue(ctx, c.environment),
      command: c.command,
      inputs: empty(c.inputs),
      outputs: empty(c.outputs),
      is_deterministic: c.isDeterministic,
    },
    inputs: empty(Object.fromEntries(Object.entries(node.inputs).map(([n, i]) => [n, bindingText(i.binding)]))),
    outputs: outputs(node.outputs),
    limits: node.timeoutSeconds === undefined ? undefined : { timeout: node.timeoutSeconds },
  };
}

function automlJob(_ctx: YamlContext, node: AutoMLNode): Record<string, unknown> {
  const s = node.step;
  return {
    type: "automl",
    task: s.task,
    display_name: node.displayName,
    compute: node.compute === undefined ? undefined : `azureml:${node.compute}`,
    primary_metric: s.primaryMetric.toLowerCase(),
    target_column_name: bindingText(node.targetColumn),
    training_data: bindingText(node.trainingData),
    validation_data: node.validationData === undefined ? undefined : bindingText(node.validationData),
    n_cross_validations: s.nCrossValidations,
    featurization: s.featurization === "off" ? { mode: "off" } : {},
    limits: {
      enable_early_termination: s.enableEarlyStopping,
      max_concurrent_trials: s.limits.maxConcurrentTrials,
      max_trials: s.limits.maxTrials,
      timeout_minutes: s.limits.timeoutMinutes,
      trial_timeout_minutes: s.limits.trialTimeoutMinutes,
    },
    log_verbosity: "info",
    outputs: outputs(node.outputs),
  };
}

const JOB_EMITTERS: { [K in CompiledNode["kind"]]: (ctx: YamlContext, node: Extract<CompiledNode, { kind: K }>) => Record<string, unknown> } = {
  command: commandJob,
  automl: automlJob,
};

function pipelineInputs(ctx: YamlContext): Record<string, unknown> {
  const params = new Map(ctx.model.ir.parameters.map((p) => [p.name, p.default]));
  return Object.fromEntries(
    ctx.model.inputs.map((i) => {
      if (i.kind === "parameter") return [i.name, params.get(i.name)];
      return [i.name, { type: i.type, path: i.kind === "local" ? emittedPath(ctx.baseDir, i.value) : i.value }];
    }),
  );
}

/**
 * An Azure ML CLI v2 pipeline job (`az ml job create -f`), with inline command components whose
 * code and conda paths are relative to the YAML file's folder (`baseDir`).
 */
export function emitCliYaml(model: CompiledPipeline, baseDir: string): string {
  const ir = model.ir;
  const ctx: YamlContext = {
    model,
    baseDir,
    components: new Map(model.components.map((c) => [c.id, c])),
    environments: new Map(model.environments.map((e) => [e.id, e])),
    snapshotDirs: new Map(model.snapshots.map((s) => [s.id, emittedPath(baseDir, s.dir)])),
  };
  const outputsEntries = Object.entries(model.outputs).filter(([, o]) => o.type !== "automl_metrics");
  const doc = {
    $schema: PIPELINE_SCHEMA,
    type: "pipeline",
    display_name: ir.name,
    experiment_name: ir.experiment,
    description: ir.description,
    tags: Object.keys(ir.tags).length === 0 ? undefined : ir.tags,
    settings: {
      default_compute: ir.defaultCompute === undefined ? undefined : `azureml:${ir.defaultCompute}`,
      default_datastore: ir.defaultDatastore === undefined ? undefined : `azureml:${ir.defaultDatastore}`,
      continue_on_step_failure: ir.continueOnStepFailure,
    },
    inputs: pipelineInputs(ctx),
    outputs: Object.fromEntries(outputsEntries.map(([n, o]) => [n, { type: o.type }])),
    jobs: Object.fromEntries(model.nodes.map((n) => [n.key, (JOB_EMITTERS[n.kind] as (c: YamlContext, x: CompiledNode) => Record<string, unknown>)(ctx, n)])),
  };
  return toYaml(doc);
}
