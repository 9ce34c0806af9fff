import { purposeName } from "./automl-job.ts";
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { SweepSettingsIR } from "@sluice/dsl/ir";
import {
  REGISTER_MODEL_DIR,
  snapshotCode,
  type Binding,
  type ExecutionPlan,
  type IOType,
  type NodeOutput,
  type PlanNode,
  type SparkParts,
  type ParallelParts,
} from "@sluice/compiler";
import type { RunSpec } from "../../packages/runtime/src/backends/run-spec.ts";
import { HttpError } from "./http.ts";
import type { EmulatorState } from "./state.ts";
import { isoSeconds } from "./sweep-job.ts";

type Node = Record<string, unknown> & { type: string; name: string; componentId?: string; display_name?: string; trial?: { componentId?: string } };

/** The component a node runs: its own, or a sweep's trial's. */
export function nodeComponentId(node: Node): string | undefined {
  return node.componentId ?? node.trial?.componentId;
}

const SAMPLING_TYPES = new Set(["random", "grid", "bayesian"]);
const POLICY_OF: Record<string, "bandit" | "median_stopping" | "truncation_selection"> = {
  bandit: "bandit",
  medianstopping: "median_stopping",
  truncationselection: "truncation_selection",
};

/** A sweep node's settings as the local engine takes them, read back from the submitted REST form. */
function sweepSettings(node: Node): SweepSettingsIR {
  const space = (node.search_space ?? {}) as Record<string, Record<string, unknown>>;
  const searchSpace = Object.fromEntries(
    Object.entries(space).map(([n, d]) => {
      const { type, min_value, max_value, ...rest } = d;
      return [n, { type, ...(min_value !== undefined ? { min: min_value, max: max_value } : {}), ...rest }];
    }),
  ) as SweepSettingsIR["searchSpace"];
  const raw = node.sampling_algorithm;
  const sampling =
    typeof raw === "string"
      ? { type: raw.toLowerCase() }
      : { ...(raw as Record<string, unknown>), type: String((raw as { type?: string })?.type ?? "random").toLowerCase() };
  if (!SAMPLING_TYPES.has(sampling.type)) throw new HttpError(400, "UserError", `sampling_algorithm '${sampling.type}' is not random, grid or bayesian`);
  const objective = node.objective as { goal: "minimize" | "maximize"; primary_metric: string };
  const limits = (node.limits ?? {}) as Record<string, number | undefined>;
  const early = node.early_termination as Record<string, unknown> | undefined;
  const policy = early && POLICY_OF[String(early.policy_type).toLowerCase()];
  return {
    searchSpace,
    sampling: sampling as SweepSettingsIR["sampling"],
    objective: { metric: objective.primary_metric, goal: String(objective.goal).toLowerCase() as "minimize" },
    limits: {
      ...(limits.max_total_trials !== undefined ? { maxTotalTrials: limits.max_total_trials } : {}),
      ...(limits.max_concurrent_trials !== undefined ? { maxConcurrentTrials: limits.max_concurrent_trials } : {}),
      ...(limits.timeout !== undefined ? { timeoutSeconds: limits.timeout } : {}),
      ...(limits.trial_timeout !== undefined ? { trialTimeoutSeconds: limits.trial_timeout } : {}),
    },
    ...(policy && early
      ? {
          earlyTermination: {
            policy,
            ...(early.slack_factor !== undefined ? { slackFactor: early.slack_factor as number } : {}),
            ...(early.slack_amount !== undefined ? { slackAmount: early.slack_amount as number } : {}),
            ...(early.evaluation_interval !== undefined ? { evaluationInterval: early.evaluation_interval as number } : {}),
            ...(early.delay_evaluation !== undefined ? { delayEvaluation: early.delay_evaluation as number } : {}),
            ...(early.truncation_percentage !== undefined ? { truncationPercentage: early.truncation_percentage as number } : {}),
          },
        }
      : {}),
  };
}
type Props = {
  displayName?: string;
  experimentName?: string;
  inputs?: Record<string, { jobInputType: string; value?: string; uri?: string }>;
  settings: Record<string, unknown>;
  jobs: Record<string, Node>;
};

/** `…/components/{name}/versions/{version}` → the stored component's spec. */
export function componentOf(state: EmulatorState, armId: string): Record<string, unknown> & { code?: string; command: string } {
  const m = /\/components\/([^/]+)\/versions\/([^/]+)$/.exec(armId);
  const r = m ? state.assets.get(`components/${m[1]}/versions/${m[2]}`) : undefined;
  if (!r) throw new HttpError(400, "UserError", `component ${armId} does not exist in the workspace`);
  return r.properties.componentSpec as Record<string, unknown> & { code?: string; command: string };
}

/** Every node of the job, with the nodes of the pipeline components it runs (their specs read from the workspace). */
function allNodes(state: EmulatorState, jobs: Record<string, Node>): Node[] {
  // A sweep's trial component is what its node runs.
  jobs = Object.fromEntries(Object.entries(jobs).map(([k, n]) => [k, n.type === "sweep" ? { ...n, componentId: nodeComponentId(n) } : n]));
  return Object.values(jobs).flatMap((node) =>
    node.type === "pipeline" && node.componentId
      ? [node, ...allNodes(state, (componentOf(state, node.componentId).jobs ?? {}) as Record<string, Node>)]
      : [node],
  );
}

/** Where a data asset version the job reads lives in the blob store: its ARM id → blob prefix (and file, for uri_file). */
export function dataAssets(state: EmulatorState, props: Props): Map<string, { prefix: string; file?: string; url?: string }> {
  const out = new Map<string, { prefix: string; file?: string; url?: string }>();
  const uris = [
    ...Object.values(props.inputs ?? {}).map((i) => i.uri),
    ...allNodes(state, props.jobs).flatMap((n) => Object.values((n.inputs ?? {}) as Record<string, { uri?: string }>).map((i) => i.uri)),
  ];
  for (const uri of uris) {
    const m = /\/data\/([^/]+)\/versions\/([^/]+)$/.exec(uri ?? "");
    if (!m || !uri) continue;
    const r = state.assets.get(`data/${m[1]}/versions/${m[2]}`);
    if (!r) throw new HttpError(400, "UserError", `data ${m[1]}:${m[2]} does not exist in the workspace`);
    if (/^https?:\/\//.test(String(r.properties.dataUri))) {
      out.set(uri, { prefix: "", url: String(r.properties.dataUri) });
      continue;
    }
    const path = String(r.properties.dataUri).replace(/^azureml:\/\/datastores\/[^/]+\/paths\//, "");
    out.set(
      uri,
      r.properties.dataType === "uri_file"
        ? { prefix: path.slice(0, path.lastIndexOf("/")), file: path.slice(path.lastIndexOf("/") + 1) }
        : { prefix: path.replace(/\/$/, "") },
    );
  }
  return out;
}

/** Code folders the job needs: code ARM id → the blob prefix its `codeUri` names. */
export function codeFolders(state: EmulatorState, props: Props, container: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of allNodes(state, props.jobs)) {
    if (!node.componentId || !["command", "sweep", "spark", "parallel"].includes(node.type)) continue;
    const spec = componentOf(state, node.componentId);
    // A parallel component's code is its task's.
    const given = spec.type === "parallel" ? (spec.task as { code?: string } | undefined)?.code : spec.code;
    if (given === undefined) continue;
    const code = given.replace(/^azureml:/, "");
    const m = /\/codes\/([^/]+)\/versions\/([^/]+)$/.exec(code);
    const r = m ? state.assets.get(`codes/${m[1]}/versions/${m[2]}`) : undefined;
    if (!r) throw new HttpError(400, "UserError", `code ${code} does not exist`);
    const uri = String(r.properties.codeUri);
    const at = uri.indexOf(`/${container}/`);
    out.set(code, decodeURIComponent(uri.slice(at + container.length + 2)));
  }
  return out;
}

function dependsOn(node: Node): string[] {
  const text = JSON.stringify({ ...node, outputs: undefined });
  return [...new Set([...text.matchAll(/\$\{\{parent\.jobs\.([a-z_][a-z0-9_]*)\.outputs\./g)].map((m) => m[1] as string))].sort();
}

/** Azure reads bindings from the submitted text; so does the emulator (the runtime never does). */
export function parseBinding(value: string): Binding {
  const parent = /^\$\{\{parent\.inputs\.([A-Za-z_]\w*)\}\}$/.exec(value);
  if (parent) return { kind: "parent-input", name: parent[1] as string };
  const job = /^\$\{\{parent\.jobs\.([a-z_][a-z0-9_]*)\.outputs\.([A-Za-z_]\w*)\}\}$/.exec(value);
  if (job) return { kind: "node-output", node: job[1] as string, output: job[2] as string };
  return { kind: "literal", value };
}

type RestOutputs = Record<string, { value?: string; job_output_type?: string }>;

function nodeOutputs(types: Record<string, { type: IOType }>, given: RestOutputs | undefined): Record<string, NodeOutput> {
  const out: Record<string, NodeOutput> = {};
  for (const [name, t] of Object.entries(types)) {
    const bound = /^\$\{\{parent\.outputs\.(\w+)\}\}$/.exec(given?.[name]?.value ?? "")?.[1];
    out[name] = bound === undefined ? { type: t.type, declared: given?.[name] !== undefined } : { type: t.type, declared: true, pipelineOutput: bound };
  }
  return out;
}

function automlNode(key: string, node: Node, base: Omit<PlanNode, "kind" | "inputs" | "outputs">): PlanNode {
  const text = (k: string) => (typeof node[k] === "string" ? (node[k] as string) : undefined);
  const inputs: Record<string, { binding: Binding; type: IOType }> = {};
  for (const [port, type] of [
    ["training_data", "mltable"],
    ["validation_data", "mltable"],
    ["test_data", "mltable"],
    ["target_column_name", "string"],
  ] as const) {
    const value = text(port);
    if (value !== undefined) inputs[port] = { binding: parseBinding(value), type };
  }
  const limits = (node.limits ?? {}) as Record<string, number | boolean | undefined>;
  const featurization = (node.featurization ?? {}) as Record<string, unknown>;
  const training = (node.training ?? {}) as Record<string, unknown>;
  return {
    ...base,
    kind: "automl",
    inputs,
    outputs: nodeOutputs({ best_model: { type: "mlflow_model" } }, node.outputs as RestOutputs),
    automl: {
      task: text("task") as "classification",
      primaryMetric: text("primary_metric") ?? key,
      featurization: (featurization.mode as "off" | "custom" | undefined) ?? "auto",
      ...(featurization.mode === "custom"
        ? {
            featurizationSettings: {
              mode: "custom" as const,
              // Azure names purposes `Categorical`, `DateTime`; the engine `categorical`, `datetime`.
              ...(featurization.column_name_and_types
                ? {
                    columnPurposes: Object.fromEntries(
                      Object.entries(featurization.column_name_and_types as Record<string, string>).map(([c, p]) => [c, purposeName(p)]),
                    ),
                  }
                : {}),
              ...(featurization.blocked_transformers ? { blockedTransformers: featurization.blocked_transformers as string[] } : {}),
              ...(featurization.transformer_params ? { transformerParams: featurization.transformer_params as never } : {}),
            },
          }
        : {}),
      ...(typeof node.test_data_size === "number" ? { testDataSize: node.test_data_size } : {}),
      ...(typeof node.validation_data_size === "number" ? { validationDataSize: node.validation_data_size } : {}),
      ...(text("weight_column_name") ? { weightColumn: text("weight_column_name") } : {}),
      ...(text("positive_label") ? { positiveLabel: text("positive_label") } : {}),
      ...(Array.isArray(node.cv_split_column_names) ? { cvSplitColumns: node.cv_split_column_names as string[] } : {}),
      ...(Array.isArray(training.allowed_training_algorithms) ? { allowedAlgorithms: training.allowed_training_algorithms as string[] } : {}),
      ...(Array.isArray(training.blocked_training_algorithms) ? { blockedAlgorithms: training.blocked_training_algorithms as string[] } : {}),
      training: {
        ...(typeof training.enable_vote_ensemble === "boolean" ? { enableVoteEnsemble: training.enable_vote_ensemble } : {}),
        ...(typeof training.enable_stack_ensemble === "boolean" ? { enableStackEnsemble: training.enable_stack_ensemble } : {}),
      },
      ...(node.n_cross_validations !== undefined ? { nCrossValidations: node.n_cross_validations as number } : {}),
      limits: {
        enableEarlyTermination: limits.enable_early_termination as boolean | undefined,
        maxConcurrentTrials: limits.max_concurrent_trials as number | undefined,
        maxTrials: limits.max_trials as number | undefined,
        timeoutMinutes: limits.timeout_minutes as number | undefined,
        trialTimeoutMinutes: limits.trial_timeout_minutes as number | undefined,
        exitScore: limits.exit_score as number | undefined,
        maxCoresPerTrial: limits.max_cores_per_trial as number | undefined,
      },
    },
  };
}

/** A node's inputs: bindings and literals from their text, data by URI (downloaded data assets by their local copy). */
function nodeInputs(node: Node, spec: Record<string, unknown>, local: Map<string, string>): Record<string, { binding: Binding; type: IOType }> {
  const types = (spec.inputs ?? {}) as Record<string, { type: IOType }>;
  const given = (node.inputs ?? {}) as Record<string, { job_input_type: string; value?: string; uri?: string }>;
  return Object.fromEntries(
    Object.entries(given).map(([n, i]) => [
      n,
      i.job_input_type === "literal"
        ? { binding: parseBinding(i.value ?? ""), type: types[n]?.type ?? "string" }
        : { binding: { kind: "data" as const, uri: local.get(i.uri ?? "") ?? i.uri ?? "" }, type: i.job_input_type as IOType },
    ]),
  );
}

function commandNode(node: Node, spec: Record<string, unknown>, base: Omit<PlanNode, "kind" | "inputs" | "outputs">, local: Map<string, string>): PlanNode {
  const inputs = nodeInputs(node, spec, local);
  const timeout = isoSeconds(String((node.limits as { timeout?: string } | undefined)?.timeout ?? ""));
  return {
    ...base,
    kind: "command",
    component: node.componentId as string,
    inputs,
    outputs: nodeOutputs((spec.outputs ?? {}) as Record<string, { type: IOType }>, node.outputs as RestOutputs),
    ...(timeout ? { timeoutSeconds: timeout } : {}),
    ...(node.environment_variables ? { environmentVariables: node.environment_variables as Record<string, string> } : {}),
  };
}

interface Collected {
  components: Map<string, ExecutionPlan["components"][number]>;
  pipelineComponents: Map<string, NonNullable<ExecutionPlan["pipelineComponents"]>[number]>;
  local: Map<string, string>;
}

/** What a Spark component or node says it runs, in the plan's terms (REST and YAML spell the entry's keys in snake_case). */
function sparkParts(from: Record<string, unknown>): SparkParts {
  const entry = (from.entry ?? {}) as { file?: string; class_name?: string };
  const parts: SparkParts = { entry: entry.file !== undefined ? { file: entry.file } : { className: String(entry.class_name) } };
  for (const [key, field] of [
    ["args", "args"],
    ["py_files", "pyFiles"],
    ["jars", "jars"],
    ["files", "files"],
    ["archives", "archives"],
    ["conf", "conf"],
  ] as const)
    if (from[key] !== undefined && from[key] !== null) Object.assign(parts, { [field]: from[key] });
  return parts;
}

/** A parallel component's or node's task and settings, in the plan's terms (read back from the YAML keys). */
function parallelParts(from: Record<string, unknown>): ParallelParts {
  const task = (from.task ?? {}) as Record<string, string | undefined>;
  const ref = (text: unknown, scope: string) => new RegExp(`^\\$\\{\\{${scope}\\.(\\w+)\\}\\}$`).exec(String(text ?? ""))?.[1];
  const retry = from.retry_settings as { max_retries?: number; timeout?: number } | undefined;
  const keys = typeof from.partition_keys === "string" ? (JSON.parse(from.partition_keys) as string[]) : (from.partition_keys as string[] | undefined);
  const settings = {
    inputData: ref(from.input_data, "inputs") ?? "",
    ...(from.mini_batch_size !== undefined ? { miniBatchSize: Number(from.mini_batch_size) } : {}),
    ...(keys ? { partitionKeys: keys } : {}),
    ...(retry ? { retry: { maxRetries: retry.max_retries, timeoutSeconds: retry.timeout } } : {}),
    ...(from.error_threshold !== undefined ? { errorThreshold: from.error_threshold as number } : {}),
    ...(from.mini_batch_error_threshold !== undefined ? { miniBatchErrorThreshold: from.mini_batch_error_threshold as number } : {}),
    ...(from.max_concurrency_per_instance !== undefined ? { maxConcurrencyPerInstance: from.max_concurrency_per_instance as number } : {}),
  };
  const appendRowTo = ref(task.append_row_to, "outputs");
  return {
    task: {
      entryScript: String(task.entry_script),
      ...(task.program_arguments ? { programArguments: task.program_arguments } : {}),
      ...(appendRowTo ? { appendRowTo } : {}),
    },
    settings,
    ...(from.environment_variables ? { environmentVariables: from.environment_variables as Record<string, string> } : {}),
  };
}

function commandComponent(key: string, id: string, spec: Record<string, unknown> & { code?: string; command: string }): ExecutionPlan["components"][number] {
  // A parallel component's code and environment are its task's.
  const task = spec.type === "parallel" ? (spec.task as { code?: string; environment?: string }) : undefined;
  if (task) spec = { ...spec, code: task.code, environment: task.environment } as typeof spec;
  return {
    ...(spec.type === "spark" ? { spark: sparkParts(spec) } : {}),
    ...(spec.type === "parallel" ? { parallel: parallelParts(spec) } : {}),
    ...(spec.code !== undefined ? { code: spec.code.replace(/^azureml:/, "") } : {}),
    id,
    name: String(spec.name ?? key),
    version: id.split("/").at(-1) as string,
    command: spec.command ?? "",
    environment: spec.environment === undefined ? "" : String(spec.environment),
    inputs: (spec.inputs ?? {}) as never,
    outputs: (spec.outputs ?? {}) as never,
    isDeterministic: spec.is_deterministic !== false,
    mltableOutputs: [],
    named: false,
    placeholder: id,
    usedBy: [key],
  };
}

const jobKey = (ref: unknown) => /^\$\{\{parent\.jobs\.([A-Za-z_]\w*)\}\}$/.exec(String(ref))?.[1] ?? String(ref);
const keys = (block: unknown) => (block === undefined || block === null ? [] : (Array.isArray(block) ? block : [block]).map(jobKey));

/**
 * A control-flow node as Azure reads it from the body: the nodes it names by binding, its
 * condition, and (a parallel_for) outputs aggregating its body's, typed from the body's component.
 */
function controlNode(state: EmulatorState, jobs: Record<string, Node>, key: string, node: Node): PlanNode {
  const base = { key, step: key, allowReuse: false, inputs: {}, outputs: {} as Record<string, NodeOutput> };
  if (node.type === "if_else") {
    const trueBlock = keys(node.true_block);
    const falseBlock = keys(node.false_block);
    const condition: Binding =
      typeof node.condition === "boolean" ? { kind: "literal", value: node.condition ? "True" : "False" } : parseBinding(String(node.condition));
    const upstream = condition.kind === "node-output" ? [condition.node] : [];
    return { ...base, kind: "if_else", condition, trueBlock, falseBlock, dependsOn: [...new Set([...trueBlock, ...falseBlock, ...upstream])].sort() };
  }
  const body = jobKey(node.body);
  if (node.type === "do_while") {
    const limit = (node.limits as { max_iteration_count?: number } | undefined)?.max_iteration_count;
    const mapping = Object.fromEntries(
      Object.entries((node.mapping ?? {}) as Record<string, string | string[]>).map(([o, i]) => [
        o.replace(/^.*\.outputs\.(\w+)\}\}$/, "$1"),
        Array.isArray(i) ? i : [i],
      ]),
    );
    return {
      ...base,
      kind: "do_while",
      body,
      condition: String(node.condition).replace(/^.*\.outputs\.(\w+)\}\}$/, "$1"),
      mapping,
      dependsOn: [body],
      ...(limit !== undefined ? { maxIterationCount: limit } : {}),
    };
  }
  const id = jobs[body] ? nodeComponentId(jobs[body] as Node) : undefined;
  const types = (id ? componentOf(state, id).outputs : {}) as Record<string, { type: string }>;
  const exposed = (node.outputs ?? {}) as Record<string, { value?: string }>;
  const outputs = Object.fromEntries(
    Object.entries(types).map(([n, o]) => {
      const value = ["string", "number", "integer", "boolean"].includes(o.type);
      const bound = /^\$\{\{parent\.outputs\.(\w+)\}\}$/.exec(String(exposed[n]?.value ?? ""))?.[1];
      return [n, { type: value ? "string" : "uri_folder", declared: false, ...(bound ? { pipelineOutput: bound } : {}) } as NodeOutput];
    }),
  );
  const text = String(node.items);
  const items = text.startsWith("${{") ? parseBinding(text) : { kind: "items" as const, json: text };
  const concurrency = node.max_concurrency as number | undefined;
  return { ...base, kind: "parallel_for", body, items, outputs, dependsOn: [body], ...(concurrency !== undefined ? { maxConcurrency: concurrency } : {}) };
}

const CONTROL_TYPES = new Set(["if_else", "do_while", "parallel_for"]);

/** The plan nodes of a `jobs` section; pipeline nodes bring their component's nodes along, recursively. */
function buildNodes(state: EmulatorState, jobs: Record<string, Node>, c: Collected): PlanNode[] {
  return Object.entries(jobs).map(([key, node]) => {
    if (CONTROL_TYPES.has(node.type)) return controlNode(state, jobs, key, node);
    const id = nodeComponentId(node);
    const spec = id ? componentOf(state, id) : undefined;
    const base = { key, step: node.display_name ?? key, allowReuse: spec?.is_deterministic !== false, dependsOn: dependsOn(node) };
    if (!id || !spec) return automlNode(key, node, base);
    if (node.type === "pipeline") {
      const inner = buildNodes(state, (spec.jobs ?? {}) as Record<string, Node>, c);
      const known = c.pipelineComponents.get(id);
      if (known) known.usedBy.push(key);
      else
        c.pipelineComponents.set(id, {
          id,
          name: String(spec.name ?? key),
          version: id.split("/").at(-1) as string,
          named: false,
          inputs: (spec.inputs ?? {}) as never,
          outputs: (spec.outputs ?? {}) as never,
          nodes: inner,
          placeholder: id,
          usedBy: [key],
        });
      const outputs = nodeOutputs((spec.outputs ?? {}) as Record<string, { type: IOType }>, node.outputs as RestOutputs);
      return { ...base, kind: "pipeline", component: id, inputs: nodeInputs(node, spec, c.local), outputs };
    }
    const known = c.components.get(id);
    if (known) known.usedBy.push(key);
    else c.components.set(id, commandComponent(key, id, spec));
    const command = commandNode(node, spec, base, c.local) as Extract<PlanNode, { kind: "command" }>;
    if (node.type === "parallel") {
      const { timeoutSeconds: _t, environmentVariables: _e, resources: _r, ...rest } = command;
      const comp = c.components.get(id) as ExecutionPlan["components"][number];
      // What the node does not repeat is the component's (Azure merges them as the SDK builds the node).
      return {
        ...rest,
        kind: "parallel",
        parallel: parallelParts({ ...spec, ...node }),
        environment: comp.environment,
        ...(comp.code ? { code: comp.code } : {}),
      };
    }
    if (node.type === "spark") {
      const { timeoutSeconds: _t, environmentVariables: _e, resources: _r, ...rest } = command;
      const resources = node.resources as { instance_type: string; runtime_version?: string } | undefined;
      return { ...rest, kind: "spark", spark: sparkParts(node), ...(resources ? { resources: { instanceType: resources.instance_type } } : {}) };
    }
    if (node.type !== "sweep") return command;
    const { timeoutSeconds: _t, environmentVariables: _e, ...rest } = command;
    return { ...rest, kind: "sweep", component: id, sweep: sweepSettings(node) };
  });
}

/**
 * Rebuilds, from what was submitted (job body, stored components, downloaded code), the plan the
 * local engine runs — so the emulator executes exactly what Azure was given, not the DSL.
 */
export function planFromJob(
  state: EmulatorState,
  jobName: string,
  props: Props,
  codeDirs: Map<string, string>,
  baseDir: string,
  local: Map<string, string> = new Map(),
): ExecutionPlan {
  const components = new Map<string, ExecutionPlan["components"][number]>();
  const pipelineComponents = new Map<string, NonNullable<ExecutionPlan["pipelineComponents"]>[number]>();
  const nodes = buildNodes(state, props.jobs, { components, pipelineComponents, local });
  const outputs: ExecutionPlan["outputs"] = {};
  for (const planned of nodes) {
    for (const [out, o] of Object.entries(planned.outputs)) {
      if (o.pipelineOutput !== undefined) outputs[o.pipelineOutput] = { node: planned.key, output: out, type: o.type };
    }
  }
  // Sluice's own registration script is run as built-in code (its Azure-only imports are not preflighted).
  const builtin = snapshotCode(REGISTER_MODEL_DIR).sha256;
  const codeSnapshots = [...codeDirs.keys()].map((id) => {
    const dir = join(baseDir, "code", id.split("/").slice(-3, -2)[0] as string);
    mkdirSync(dir, { recursive: true });
    const snap = snapshotCode(dir);
    return { id, path: relative(baseDir, dir), builtin: snap.sha256 === builtin, sha256: snap.sha256, bytes: snap.bytes, ignoreFile: null, files: snap.files };
  });
  const inputs = Object.entries(props.inputs ?? {}).map(([name, i]) =>
    i.jobInputType === "literal"
      ? { name, type: "string" as const, value: i.value ?? "", default: i.value ?? "", kind: "parameter" as const }
      : {
          name,
          type: i.jobInputType as never,
          value: local.get(i.uri ?? "") ?? i.uri ?? "",
          kind: local.has(i.uri ?? "") ? ("local" as const) : ("web" as const),
        },
  );
  return {
    planVersion: 2,
    pipeline: {
      name: props.displayName ?? jobName,
      experiment: props.experimentName ?? "Default",
      tags: {},
      continueOnStepFailure: props.settings.continue_on_step_failure === true,
    },
    codeSnapshots,
    environments: [],
    components: [...components.values()],
    ...(pipelineComponents.size > 0 ? { pipelineComponents: [...pipelineComponents.values()] } : {}),
    nodes,
    inputs,
    outputs,
    schedules: [],
  };
}

/** The run spec the local engine takes, from the plan rebuilt out of the submitted body. */
export function specFromJob(props: Props, plan: ExecutionPlan, baseDir: string, webFiles: Record<string, string>): RunSpec {
  const inputs: Record<string, string> = {};
  for (const i of plan.inputs) if (i.kind === "web" && webFiles[i.value]) inputs[i.name] = webFiles[i.value] as string;
  return { plan, baseDir, params: {}, inputs, force: props.settings.force_rerun === true };
}
