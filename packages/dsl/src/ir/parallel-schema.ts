import * as z from "zod";
import { EnvironmentSchema } from "./base-schema.ts";
import { ComponentSchema, ComponentStepOutputsSchema } from "./component-schema.ts";
import { stepBase, ValueRefSchema } from "./ref-schema.ts";

/** Azure ML's logging levels for a parallel job's own logs. */
export const PARALLEL_LOGGING_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;

/**
 * How a parallel job splits its data and tolerates failures (Azure ML's ParallelRunStep in v2):
 * mini-batches of `miniBatchSize` files (or bytes of a table), or one per `partitionKeys` group;
 * each mini-batch retried `maxRetries` times within `timeoutSeconds`; the job fails past
 * `errorThreshold` failed items or `miniBatchErrorThreshold` failed mini-batches (-1: never).
 */
export const ParallelSettingsSchema = z.object({
  /** The input whose data is split into mini-batches. */
  inputData: z.string(),
  miniBatchSize: z.number().optional(),
  partitionKeys: z.array(z.string()).optional(),
  retry: z.object({ maxRetries: z.number().optional(), timeoutSeconds: z.number().optional() }).optional(),
  loggingLevel: z.enum(PARALLEL_LOGGING_LEVELS).optional(),
  errorThreshold: z.number().optional(),
  miniBatchErrorThreshold: z.number().optional(),
  maxConcurrencyPerInstance: z.number().optional(),
});
export type ParallelSettingsIR = z.infer<typeof ParallelSettingsSchema>;

/** What each worker runs: an entry script with `init()` and `run(mini_batch)`, its arguments, where rows go. */
export const ParallelTaskSchema = z.object({
  /** The code folder, relative to the file that defined the step. */
  code: z.string().optional(),
  entryScript: z.string(),
  environment: EnvironmentSchema,
  /** The entry script's arguments, with `${{inputs.x}}` / `${{outputs.y}}` placeholders. */
  programArguments: z.string().optional(),
  /** The output the rows `run()` returns are appended to. */
  appendRowTo: z.string().optional(),
});
export type ParallelTaskIR = z.infer<typeof ParallelTaskSchema>;

/** A parallel component (`type: parallel`): its task and how its data is split, beside the usual interface. */
export const ParallelComponentSchema = ComponentSchema.omit({ command: true, environment: true, code: true, distribution: true }).extend({
  type: z.literal("parallel"),
  task: ParallelTaskSchema,
  parallel: ParallelSettingsSchema,
  environmentVariables: z.record(z.string(), z.string()).optional(),
  /** Written at the step (`parallelStep`): its settings are the node's own, not a reusable component's. */
  inline: z.boolean().optional(),
});
export type ParallelComponentIR = z.infer<typeof ParallelComponentSchema>;

/** One run of a parallel component: its inputs bound, its outputs declared. */
export const ParallelStepSchema = z.object({
  kind: z.literal("parallel"),
  ...stepBase,
  displayName: z.string().optional(),
  component: ParallelComponentSchema,
  inputs: z.record(z.string(), ValueRefSchema),
  outputs: ComponentStepOutputsSchema,
});
export type ParallelStepIR = z.infer<typeof ParallelStepSchema>;
