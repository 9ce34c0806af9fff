/** A standalone Sweep job as submitted (REST camelCase, the trial as a command). */
export interface SweepJobProps {
  jobType: "Sweep";
  displayName?: string;
  experimentName?: string;
  computeId?: string;
  inputs?: Record<string, { jobInputType: string; value?: string; uri?: string; mode?: string }>;
  outputs?: Record<string, { jobOutputType: string; mode?: string }>;
  trial: { codeId?: string; command: string; environmentId: string; environmentVariables?: Record<string, string> };
  searchSpace: Record<string, [string, unknown[]]>;
  samplingAlgorithm: { samplingAlgorithmType: string; seed?: number; rule?: string };
  objective: { goal: string; primaryMetric: string };
  limits?: { maxTotalTrials?: number; maxConcurrentTrials?: number; timeout?: string; trialTimeout?: string };
  earlyTermination?: Record<string, unknown> & { policyType: string };
}

/** `PT1H2M3S` → 3723 (the durations Azure and the SDK write). */
export function isoSeconds(text: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(text);
  if (!m || text === "PT") return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** `["uniform", [0.01, 0.9]]` (a Sweep job's form) → `{type, min_value, max_value}` (a sweep node's). */
function nodeDistribution([type, args]: [string, unknown[]]): Record<string, unknown> {
  const [a, b, q] = args;
  if (type === "choice") return { type, values: a };
  if (type === "randint") return { type, upper: a };
  if (type.endsWith("normal")) return { type, mu: a, sigma: b, ...(q !== undefined ? { q } : {}) };
  return { type, min_value: a, max_value: b, ...(q !== undefined ? { q } : {}) };
}

/** The trial component's input type for a searched value: what its distribution draws. */
function searchedType([type, args]: [string, unknown[]]): string {
  if (type === "randint") return "integer";
  if (type !== "choice") return "number";
  const values = (args[0] ?? []) as unknown[];
  return values.every((v) => typeof v === "number") ? (values.every(Number.isInteger) ? "integer" : "number") : "string";
}

/** snake_case keys, as a sweep node spells the same settings. */
function snake(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

/**
 * A standalone Sweep job as the pipeline the executor runs: one sweep node, `trial`, over an
 * anonymous component made from the trial command (Azure makes one too), its searched values read
 * as inputs. The job's inputs and outputs are the node's.
 */
export function sweepJobAsPipeline(wsId: string, jobName: string, props: SweepJobProps) {
  const componentId = `${wsId}/components/azureml_anonymous/versions/${jobName}`;
  const inputTypes = Object.fromEntries([
    ...Object.entries(props.inputs ?? {}).map(([n, i]) => [n, { type: i.jobInputType === "literal" ? "string" : i.jobInputType }]),
    ...Object.entries(props.searchSpace).map(([n, d]) => [n, { type: searchedType(d) }]),
  ]);
  const spec = {
    type: "command",
    name: "azureml_anonymous",
    version: jobName,
    ...(props.trial.codeId !== undefined ? { code: `azureml:${props.trial.codeId}` } : {}),
    command: props.trial.command.replace(/\$\{\{\s*search_space\.(\w+)\s*\}\}/g, "${{inputs.$1}}"),
    environment: props.trial.environmentId.startsWith("azureml:") ? props.trial.environmentId : `azureml:${props.trial.environmentId}`,
    inputs: inputTypes,
    outputs: Object.fromEntries(Object.entries(props.outputs ?? {}).map(([n, o]) => [n, { type: o.jobOutputType }])),
  };
  const { samplingAlgorithmType, ...sampling } = props.samplingAlgorithm;
  const limits = props.limits ?? {};
  const early = props.earlyTermination;
  const node = {
    type: "sweep",
    name: "trial",
    trial: { componentId },
    inputs: Object.fromEntries(Object.keys(props.inputs ?? {}).map((n) => [n, { job_input_type: "literal", value: `\${{parent.inputs.${n}}}` }])),
    outputs: Object.fromEntries(Object.keys(props.outputs ?? {}).map((n) => [n, { value: `\${{parent.outputs.${n}}}` }])),
    search_space: Object.fromEntries(Object.entries(props.searchSpace).map(([n, d]) => [n, nodeDistribution(d)])),
    sampling_algorithm: { type: samplingAlgorithmType.toLowerCase(), ...sampling, ...(sampling.rule ? { rule: sampling.rule.toLowerCase() } : {}) },
    objective: { goal: props.objective.goal.toLowerCase(), primary_metric: props.objective.primaryMetric },
    limits: {
      max_total_trials: limits.maxTotalTrials,
      max_concurrent_trials: limits.maxConcurrentTrials,
      timeout: limits.timeout === undefined ? undefined : isoSeconds(limits.timeout),
      trial_timeout: limits.trialTimeout === undefined ? undefined : isoSeconds(limits.trialTimeout),
    },
    ...(early ? { early_termination: snake(early) } : {}),
    ...(Object.keys(props.trial.environmentVariables ?? {}).length > 0 ? { environment_variables: props.trial.environmentVariables } : {}),
  };
  return {
    props: {
      displayName: props.displayName,
      experimentName: props.experimentName,
      inputs: props.inputs,
      settings: { default_compute: props.computeId },
      jobs: { trial: node },
    },
    component: { key: `components/azureml_anonymous/versions/${jobName}`, id: componentId, version: jobName, properties: { componentSpec: spec } },
  };
}
