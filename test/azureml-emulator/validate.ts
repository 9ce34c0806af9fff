import * as z from "zod";

// The free-form parts of request bodies, which Microsoft's REST spec leaves as open objects
// (`componentSpec`, a pipeline job's `jobs` and `settings`): the rules Azure applies to them,
// as the SDK serializes them (pinned by tests against the SDK's own bodies). Everything else in
// a body is checked against the REST spec itself (swagger.ts).
const ARM_CODE =
  /^azureml:\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/codes\/[^/]+\/versions\/[^/]+$/;
const IO_TYPES = ["string", "number", "integer", "boolean", "uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"] as const;

const CommandComponentSpec = z.looseObject({
  type: z.literal("command"),
  name: z.string().optional(),
  version: z.string().optional(),
  command: z.string().min(1),
  code: z.string().regex(ARM_CODE, "code must be an azureml: ARM id of a code version").optional(),
  environment: z.string().regex(/^azureml:/, "environment must be an azureml: reference"),
  is_deterministic: z.boolean().optional(),
  inputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
  outputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
});
/** A Spark component: an entry file or class instead of a command; its environment optional (the Spark runtime's). */
const SparkComponentSpec = z.looseObject({
  type: z.literal("spark"),
  name: z.string().optional(),
  version: z.string().optional(),
  entry: z.union([z.strictObject({ file: z.string().min(1) }), z.strictObject({ class_name: z.string().min(1) })]),
  code: z.string().regex(ARM_CODE, "code must be an azureml: ARM id of a code version").optional(),
  environment: z
    .string()
    .regex(/^azureml:/, "environment must be an azureml: reference")
    .optional(),
  conf: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  inputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
  outputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
});
/** A parallel task: an entry script with its code (an ARM id, once registered) and environment. */
const ParallelTask = z.looseObject({
  type: z.literal("run_function"),
  entry_script: z.string().min(1),
  code: z.string().regex(ARM_CODE, "code must be an azureml: ARM id of a code version").optional(),
  environment: z
    .string()
    .regex(/^azureml:/, "environment must be an azureml: reference")
    .optional(),
});
/** A parallel component: its task and the input it splits. */
const ParallelComponentSpec = z.looseObject({
  type: z.literal("parallel"),
  name: z.string().optional(),
  version: z.string().optional(),
  task: ParallelTask,
  input_data: z.string().regex(/^\$\{\{inputs\.[A-Za-z_]\w*\}\}$/, "input_data must be ${{inputs.<name>}}"),
  inputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
  outputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
});
const ComponentId = z.string().regex(/^\/subscriptions\/.+\/components\/[^/]+\/versions\/[^/]+$/, "componentId must be a component version ARM id");
const ComputeId = z
  .string()
  .regex(
    /^(\/subscriptions\/.+\/computes\/[^/]+|\$\{\{parent\.inputs\.[A-Za-z_]\w*\}\})$/,
    "computeId must be a compute ARM id or a ${{parent.inputs...}} binding",
  )
  .optional();
const NodeInputs = z
  .record(
    z.string(),
    z.union([
      z.looseObject({ job_input_type: z.literal("literal"), value: z.string() }),
      z.looseObject({ job_input_type: z.enum(["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"]), uri: z.string().min(1) }),
    ]),
  )
  .optional();
const CommandNode = z.looseObject({ type: z.literal("command"), name: z.string(), componentId: ComponentId, computeId: ComputeId, inputs: NodeInputs });
/** A parallel node: its task repeated, with the settings the SDK sends at the node. */
const ParallelNode = z.looseObject({
  type: z.literal("parallel"),
  name: z.string(),
  componentId: ComponentId,
  computeId: ComputeId,
  inputs: NodeInputs,
  input_data: z.string(),
  task: ParallelTask,
  mini_batch_size: z.number().int().positive().optional(),
  partition_keys: z.string().optional(),
});
/** A Spark node: on an attached pool (computeId) or serverless (resources), exactly one, with its entry typed. */
const SparkNode = z
  .looseObject({
    type: z.literal("spark"),
    name: z.string(),
    componentId: ComponentId,
    computeId: ComputeId,
    inputs: NodeInputs,
    entry: z.looseObject({ spark_job_entry_type: z.enum(["SparkJobPythonEntry", "SparkJobScalaEntry"]) }),
    resources: z.looseObject({ instance_type: z.string().min(1) }).optional(),
    identity: z.looseObject({ identity_type: z.enum(["Managed", "UserIdentity", "AMLToken"]) }).optional(),
  })
  .refine(
    (n) => (n.computeId === undefined) !== (n.resources === undefined),
    "a Spark node runs on an attached pool (computeId) or serverless resources, exactly one",
  );
const PipelineNode = z.looseObject({ type: z.literal("pipeline"), name: z.string(), componentId: ComponentId, computeId: ComputeId, inputs: NodeInputs });
const Distribution = z.looseObject({
  type: z.enum(["choice", "randint", "uniform", "loguniform", "quniform", "qloguniform", "normal", "lognormal", "qnormal", "qlognormal"]),
});
const SweepNode = z.looseObject({
  type: z.literal("sweep"),
  name: z.string(),
  trial: z.strictObject({ componentId: ComponentId }),
  computeId: ComputeId,
  inputs: NodeInputs,
  search_space: z.record(z.string(), Distribution),
  sampling_algorithm: z.union([z.enum(["random", "grid", "bayesian"]), z.looseObject({ type: z.enum(["random", "grid", "bayesian"]) })]),
  objective: z.strictObject({ goal: z.enum(["minimize", "maximize"]), primary_metric: z.string().min(1) }),
  limits: z
    .strictObject({
      max_total_trials: z.number().int().positive().optional(),
      max_concurrent_trials: z.number().int().positive().optional(),
      timeout: z.number().int().positive().optional(),
      trial_timeout: z.number().int().positive().optional(),
    })
    .optional(),
  early_termination: z.looseObject({ policy_type: z.enum(["Bandit", "MedianStopping", "TruncationSelection"]) }).optional(),
});
const Binding = z.string().regex(/^\$\{\{parent\.(inputs|jobs\.[a-z_][a-z0-9_]*\.outputs)\.[A-Za-z_]\w*\}\}$/, "must be a ${{parent...}} binding");
/** A node named by a control-flow node, as the recorded sessions send it. */
const NodeRef = z.string().regex(/^\$\{\{parent\.jobs\.[a-z_][a-z0-9_]*\}\}$/, "must name a node: ${{parent.jobs.<name>}}");
const Block = z.union([NodeRef, z.array(NodeRef).min(1)]).optional();
/** Control-flow nodes (the shapes of the recorded if_else, do_while and parallel_for sessions). */
const IfElseNode = z
  .strictObject({
    type: z.literal("if_else"),
    condition: z.union([z.boolean(), Binding]),
    true_block: Block,
    false_block: Block,
    _source: z.string().optional(),
  })
  .refine((n) => n.true_block !== undefined || n.false_block !== undefined, "an if_else node needs a true_block or a false_block");
const DoWhileNode = z.strictObject({
  type: z.literal("do_while"),
  body: NodeRef,
  condition: z.string().min(1),
  mapping: z.record(z.string(), z.array(z.string()).min(1)),
  limits: z.strictObject({ max_iteration_count: z.number().int().min(0).max(1000) }).optional(),
  _source: z.string().optional(),
});
const ParallelForNode = z.strictObject({
  type: z.literal("parallel_for"),
  body: NodeRef,
  items: z.string().refine(
    (t) =>
      Binding.safeParse(t).success ||
      Array.isArray(
        (() => {
          try {
            return JSON.parse(t);
          } catch {
            return undefined;
          }
        })(),
      ),
    "items must be a JSON list or a binding",
  ),
  max_concurrency: z.number().int().positive().optional(),
  outputs: z.record(z.string(), z.looseObject({ type: z.literal("literal"), value: z.string() })).optional(),
  _source: z.string().optional(),
});

const NodeName = z.string().regex(/^[a-z_][a-z0-9_]*$/, "node names are lower snake case");
const PipelineComponentSpec = z.looseObject({
  type: z.literal("pipeline"),
  name: z.string().optional(),
  version: z.string().optional(),
  inputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
  outputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
  jobs: z.record(NodeName, z.discriminatedUnion("type", [CommandNode, PipelineNode, SparkNode, ParallelNode, IfElseNode, DoWhileNode, ParallelForNode])),
});
/** `properties.componentSpec` of a component version. */
export const ComponentSpecRules = z.discriminatedUnion("type", [CommandComponentSpec, PipelineComponentSpec, SparkComponentSpec, ParallelComponentSpec]);

const AutoMLNode = z.looseObject({
  type: z.literal("automl"),
  name: z.string(),
  task: z.enum(["classification", "regression"]),
  training_data: Binding,
  target_column_name: z.string(),
  primary_metric: z.string(),
});
/** `jobs` and `settings` of a Pipeline job (the rest of the job is the REST spec's). */
export const PipelineJobRules = z.looseObject({
  computeId: z
    .string()
    .regex(/^\/subscriptions\/.+\/computes\/[^/]+$/, "computeId must be a compute ARM id")
    .optional(),
  settings: z.looseObject({
    default_compute: z
      .string()
      .regex(/^\/subscriptions\/.+\/computes\/[^/]+$/, "default_compute must be a compute ARM id")
      .optional(),
    force_rerun: z.boolean().optional(),
  }),
  jobs: z.record(
    NodeName,
    z.discriminatedUnion("type", [CommandNode, AutoMLNode, PipelineNode, SweepNode, SparkNode, ParallelNode, IfElseNode, DoWhileNode, ParallelForNode]),
  ),
});

const DISTRIBUTIONS = ["choice", "randint", "uniform", "loguniform", "quniform", "qloguniform", "normal", "lognormal", "qnormal", "qlognormal"] as const;

/** The names a trial command reads (`${{search_space.x}}`, `${{inputs.x}}`, `${{outputs.x}}`). */
function placeholders(command: string, kind: string): string[] {
  return [...command.matchAll(new RegExp(`\\$\\{\\{\\s*${kind}\\.(\\w+)\\s*\\}\\}`, "g"))].map((m) => m[1] as string);
}

/** Each `${{kind.name}}` a job's command reads must name something the job defines. */
function undefinedNames(command: string, known: Record<string, object>, path: string[], ctx: z.RefinementCtx): void {
  for (const [kind, names] of Object.entries(known))
    for (const name of placeholders(command, kind))
      if (!(name in names)) ctx.addIssue({ code: "custom", path, message: `\${{${kind}.${name}}} names nothing the job defines` });
}

/** A Sweep job's free-form parts: the search space (`[type, [args]]`) and the names its trial command reads. */
export const SweepJobRules = z
  .looseObject({
    computeId: z.string().regex(/^\/subscriptions\/.+\/computes\/[^/]+$/, "computeId must be a compute ARM id"),
    searchSpace: z.record(z.string(), z.tuple([z.enum(DISTRIBUTIONS), z.array(z.unknown()).min(1)])),
    trial: z.looseObject({
      command: z.string().min(1),
      codeId: z
        .string()
        .regex(/^\/subscriptions\/.+\/codes\/[^/]+\/versions\/[^/]+$/, "codeId must be a code version ARM id")
        .optional(),
    }),
  })
  .superRefine((job, ctx) => {
    const known = { search_space: job.searchSpace, inputs: (job.inputs ?? {}) as object, outputs: (job.outputs ?? {}) as object };
    undefinedNames(job.trial.command, known, ["trial", "command"], ctx);
  });

/** A Command job's free-form parts: its ARM ids, and the names its command reads. */
export const CommandJobRules = z
  .looseObject({
    computeId: z
      .string()
      .regex(/^\/subscriptions\/.+\/computes\/[^/]+$/, "computeId must be a compute ARM id")
      .optional(),
    command: z.string().min(1),
    codeId: z
      .string()
      .regex(/^\/subscriptions\/.+\/codes\/[^/]+\/versions\/[^/]+$/, "codeId must be a code version ARM id")
      .optional(),
  })
  .superRefine((job, ctx) => undefinedNames(job.command, { inputs: (job.inputs ?? {}) as object, outputs: (job.outputs ?? {}) as object }, ["command"], ctx));

/** A Spark job beyond the spec's types: an attached pool by ARM id or serverless resources, and args naming declared inputs and outputs. */
export const SparkJobRules = z
  .looseObject({
    computeId: z
      .string()
      .regex(/^\/subscriptions\/.+\/computes\/[^/]+$/, "computeId must be a compute ARM id")
      .optional(),
    codeId: z
      .string()
      .regex(/^\/subscriptions\/.+\/codes\/[^/]+\/versions\/[^/]+$/, "codeId must be a code version ARM id")
      .optional(),
    resources: z.looseObject({ instanceType: z.string().min(1) }).optional(),
  })
  .refine(
    (job) => (job.computeId === undefined) !== (job.resources === undefined),
    "a Spark job runs on an attached pool (computeId) or serverless resources, exactly one",
  )
  .superRefine((job, ctx) =>
    undefinedNames(String(job.args ?? ""), { inputs: (job.inputs ?? {}) as object, outputs: (job.outputs ?? {}) as object }, ["args"], ctx),
  );

/** A schedule's trigger beyond the spec's types: a cron expression has five fields. */
export const ScheduleRules = z.looseObject({
  properties: z.looseObject({
    trigger: z.looseObject({
      expression: z
        .string()
        .regex(/^\S+(\s+\S+){4}$/, "5-field cron")
        .optional(),
    }),
    action: z.looseObject({ jobDefinition: PipelineJobRules }),
  }),
});

/** First problem as Azure phrases validation errors: `path: message`. */
export function problem(schema: z.ZodType, body: unknown): string | undefined {
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue?.path.join(".") || "(body)"}: ${issue?.message}`;
}
