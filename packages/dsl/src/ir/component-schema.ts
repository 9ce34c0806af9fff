import * as z from "zod";
import { AssetTypeSchema, EnvironmentSchema, LiteralSchema, SourceLocationSchema } from "./base-schema.ts";
import { DataModeSchema } from "./ref-schema.ts";

/** A component input: its Azure type and constraints (primitive inputs may have a default). */
export const ComponentInputSchema = z.object({
  type: z.enum(["string", "number", "integer", "boolean", "uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"]),
  optional: z.boolean().optional(),
  default: LiteralSchema.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  enum: z.array(z.string()).optional(),
  description: z.string().optional(),
  /** How a data input is delivered (`ro_mount`, `download`, …), when the component says. */
  mode: DataModeSchema.optional(),
});
export type ComponentInputIR = z.infer<typeof ComponentInputSchema>;

/** Azure's primitive output types: a value the command writes, not a folder (a condition of `ifElse` or `doWhile`). */
export const PrimitiveOutputTypeSchema = z.enum(["string", "number", "integer", "boolean"]);

/**
 * A component output: data (a file, folder, table or model), or a primitive value. `isControl`
 * marks a boolean a control-flow node (`ifElse`, `doWhile`) decides on (Azure's `is_control`).
 */
export const ComponentOutputSchema = z.object({
  type: z.union([AssetTypeSchema, PrimitiveOutputTypeSchema]),
  description: z.string().optional(),
  mode: DataModeSchema.optional(),
  isControl: z.boolean().optional(),
});
export type ComponentOutputIR = z.infer<typeof ComponentOutputSchema>;

/** How many machines a step runs on, of which size (Azure's `resources`). */
export const ResourcesSchema = z.object({
  instanceCount: z.number().optional(),
  instanceType: z.string().optional(),
  shmSize: z.string().optional(),
});
export type ResourcesIR = z.infer<typeof ResourcesSchema>;

/** How a distributed training step starts its processes (Azure's `distribution`). */
export const DistributionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("pytorch"), processCountPerInstance: z.number().optional() }),
  z.object({ type: z.literal("mpi"), processCountPerInstance: z.number().optional() }),
  z.object({ type: z.literal("tensorflow"), workerCount: z.number().optional(), parameterServerCount: z.number().optional() }),
]);
export type DistributionIR = z.infer<typeof DistributionSchema>;

/** A command component: named and versioned, or anonymous (versioned by content when compiled). */
export const ComponentSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  /** The code folder, relative to the file that defined the component. */
  code: z.string().optional(),
  environment: EnvironmentSchema,
  /** The command with `${{inputs.x}}` / `${{outputs.y}}` placeholders. */
  command: z.string(),
  inputs: z.record(z.string(), ComponentInputSchema),
  outputs: z.record(z.string(), ComponentOutputSchema),
  isDeterministic: z.boolean().optional(),
  /** Machines and distribution the component asks for; a step's own settings override them (as the SDK copies them to the node). */
  resources: ResourcesSchema.optional(),
  distribution: DistributionSchema.optional(),
  /** Tags on the component version. */
  tags: z.record(z.string(), z.string()).optional(),
  /**
   * Set for a component that already exists in the workspace (`azureml:name:version`,
   * `azureml:name@label`) or a registry (`azureml://registries/…`): Sluice neither creates it
   * nor has its code, so `command` and `environment` are unused.
   */
  reference: z.string().optional(),
  definedAt: SourceLocationSchema,
});
export type ComponentIR = z.infer<typeof ComponentSchema>;

/** An interactive service Azure ML opens on a running command job (Azure's `services`). */
export const JobServiceSchema = z.object({
  type: z.enum(["jupyter_lab", "ssh", "tensor_board", "vs_code"]),
  /** TensorBoard's log folder, relative to the job's working folder. */
  logDir: z.string().optional(),
  /** SSH: the public key(s) allowed in. */
  sshPublicKeys: z.string().optional(),
  /** On every machine of a distributed job, not only the first. */
  nodes: z.literal("all").optional(),
  port: z.number().optional(),
  properties: z.record(z.string(), z.string()).optional(),
});
export type JobServiceIR = z.infer<typeof JobServiceSchema>;

/** The outputs of one run of a component (command, Spark): where each writes, and how Azure stores it. */
export const ComponentStepOutputsSchema = z.record(
  z.string(),
  z.object({
    data: z.string(),
    /** Set when the author declared the output at the step (mode, path), not only wired it. */
    declared: z.boolean(),
    mode: DataModeSchema.optional(),
    path: z.string().optional(),
    /** Registered as a data asset of this name (and version) when the step completes. */
    name: z.string().optional(),
    version: z.string().optional(),
  }),
);
