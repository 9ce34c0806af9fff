import * as z from "zod";

// Request bodies as the 2022-10-01 REST models define them (the TS package's src/models/index.ts).
const Str = z.record(z.string(), z.string());
const AssetBase = {
  description: z.string().optional(),
  tags: Str.optional(),
  properties: Str.optional(),
  isAnonymous: z.boolean().optional(),
  isArchived: z.boolean().optional(),
};
const ARM_CODE =
  /^azureml:\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/codes\/[^/]+\/versions\/[^/]+$/;
const IO_TYPES = ["string", "number", "integer", "boolean", "uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"] as const;

export const CodeVersionBody = z.strictObject({ properties: z.strictObject({ ...AssetBase, codeUri: z.string().url() }) });

export const EnvironmentVersionBody = z.strictObject({
  properties: z.strictObject({ ...AssetBase, image: z.string().min(1), condaFile: z.string().optional(), osType: z.enum(["Linux", "Windows"]).optional() }),
});

export const DataVersionBody = z.strictObject({
  properties: z.strictObject({
    ...AssetBase,
    dataType: z.enum(["uri_file", "uri_folder", "mltable"]),
    dataUri: z.string().regex(/^(azureml|https?):\/\//, "dataUri must be an azureml:// datastore URI or a URL"),
  }),
});

const CommandComponentSpec = z.looseObject({
  type: z.literal("command"),
  name: z.string().optional(),
  version: z.string().optional(),
  command: z.string().min(1),
  code: z.string().regex(ARM_CODE, "code must be an azureml: ARM id of a code version"),
  environment: z.string().regex(/^azureml:/, "environment must be an azureml: reference"),
  is_deterministic: z.boolean().optional(),
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
const PipelineNode = z.looseObject({ type: z.literal("pipeline"), name: z.string(), componentId: ComponentId, computeId: ComputeId, inputs: NodeInputs });
const NodeName = z.string().regex(/^[a-z_][a-z0-9_]*$/, "node names are lower snake case");
const PipelineComponentSpec = z.looseObject({
  type: z.literal("pipeline"),
  name: z.string().optional(),
  version: z.string().optional(),
  inputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
  outputs: z.record(z.string(), z.looseObject({ type: z.enum(IO_TYPES) })).optional(),
  jobs: z.record(NodeName, z.discriminatedUnion("type", [CommandNode, PipelineNode])),
});
export const ComponentVersionBody = z.strictObject({
  properties: z.strictObject({ ...AssetBase, componentSpec: z.discriminatedUnion("type", [CommandComponentSpec, PipelineComponentSpec]) }),
});

const JobInput = z.discriminatedUnion("jobInputType", [
  z.strictObject({ jobInputType: z.literal("literal"), value: z.string(), description: z.string().optional() }),
  ...(["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"] as const).map((t) =>
    z.strictObject({ jobInputType: z.literal(t), uri: z.string().min(1), mode: z.string().optional(), description: z.string().optional() }),
  ),
]);
const JobOutput = z.looseObject({ jobOutputType: z.enum(["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model", "triton_model"]) });
const Binding = z.string().regex(/^\$\{\{parent\.(inputs|jobs\.[a-z_][a-z0-9_]*\.outputs)\.[A-Za-z_]\w*\}\}$/, "must be a ${{parent...}} binding");
const AutoMLNode = z.looseObject({
  type: z.literal("automl"),
  name: z.string(),
  task: z.enum(["classification", "regression"]),
  training_data: Binding,
  target_column_name: z.string(),
  primary_metric: z.string(),
});
export const PipelineJobProperties = z.looseObject({
  jobType: z.literal("Pipeline"),
  displayName: z.string().optional(),
  experimentName: z.string().optional(),
  inputs: z.record(z.string(), JobInput).optional(),
  outputs: z.record(z.string(), JobOutput).optional(),
  settings: z.looseObject({
    default_compute: z
      .string()
      .regex(/^\/subscriptions\/.+\/computes\/[^/]+$/, "default_compute must be a compute ARM id")
      .optional(),
    force_rerun: z.boolean().optional(),
  }),
  jobs: z.record(NodeName, z.discriminatedUnion("type", [CommandNode, AutoMLNode, PipelineNode])),
});
export const JobBody = z.strictObject({ properties: PipelineJobProperties });

const LocalTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, "ISO 8601 without offset");
const TriggerBase = { startTime: LocalTime.optional(), endTime: LocalTime.optional(), timeZone: z.string().optional() };
const Trigger = z.discriminatedUnion("triggerType", [
  z.strictObject({ triggerType: z.literal("Cron"), expression: z.string().regex(/^\S+(\s+\S+){4}$/, "5-field cron"), ...TriggerBase }),
  z.strictObject({
    triggerType: z.literal("Recurrence"),
    frequency: z.enum(["Minute", "Hour", "Day", "Week", "Month"]),
    interval: z.number().int().positive(),
    schedule: z
      .strictObject({
        hours: z.array(z.number().int()),
        minutes: z.array(z.number().int()),
        weekDays: z.array(z.enum(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])).optional(),
        monthDays: z.array(z.number().int()).optional(),
      })
      .optional(),
    ...TriggerBase,
  }),
]);
export const ScheduleBody = z.strictObject({
  properties: z.strictObject({
    displayName: z.string().optional(),
    description: z.string().optional(),
    tags: Str.optional(),
    properties: Str.optional(),
    isEnabled: z.boolean().optional(),
    provisioningState: z.string().optional(),
    trigger: Trigger,
    action: z.strictObject({ actionType: z.literal("CreateJob"), jobDefinition: PipelineJobProperties }),
  }),
});

/** First problem as Azure phrases validation errors: `path: message`. */
export function problem(schema: z.ZodType, body: unknown): string | undefined {
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue?.path.join(".") || "(body)"}: ${issue?.message}`;
}
