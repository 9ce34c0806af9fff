import * as z from "zod";
import { EnvironmentSchema } from "./base-schema.ts";
import { ComponentSchema, ComponentStepOutputsSchema } from "./component-schema.ts";
import { stepBase, ValueRefSchema } from "./ref-schema.ts";

/** What Spark starts: a Python file in the code folder, or a JVM class (`className`) in one of its `jars`. */
export const SparkEntrySchema = z.union([z.object({ file: z.string() }), z.object({ className: z.string() })]);
export type SparkEntryIR = z.infer<typeof SparkEntrySchema>;

/** Spark configuration (`spark.driver.cores`, `spark.executor.memory`, …), as Azure's `conf` holds it. */
export const SparkConfSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type SparkConfIR = z.infer<typeof SparkConfSchema>;

/**
 * A Spark component (`type: spark`): an entry and its arguments, the files Spark ships with it,
 * and its configuration. Its environment is optional (Azure's Spark pools bring their own).
 */
export const SparkComponentSchema = ComponentSchema.omit({ command: true, environment: true, resources: true, distribution: true }).extend({
  type: z.literal("spark"),
  environment: EnvironmentSchema.optional(),
  entry: SparkEntrySchema,
  /** The arguments, with `${{inputs.x}}` / `${{outputs.y}}` placeholders. */
  args: z.string().optional(),
  pyFiles: z.array(z.string()).optional(),
  jars: z.array(z.string()).optional(),
  files: z.array(z.string()).optional(),
  archives: z.array(z.string()).optional(),
  conf: SparkConfSchema.optional(),
});
export type SparkComponentIR = z.infer<typeof SparkComponentSchema>;

/** What a Spark job runs and ships, as its component states it (the plan's node repeats it, as the SDK sends it). */
export const SparkPartsSchema = SparkComponentSchema.pick({ entry: true, args: true, pyFiles: true, jars: true, files: true, archives: true, conf: true });
export type SparkPartsIR = z.infer<typeof SparkPartsSchema>;

/** Serverless Spark's machines: the instance size and the Spark runtime version. */
export const SparkResourcesSchema = z.object({ instanceType: z.string(), runtimeVersion: z.string().optional() });
export type SparkResourcesIR = z.infer<typeof SparkResourcesSchema>;

/** Whose identity the Spark job acts with when it reads and writes data. */
export const SparkIdentitySchema = z.enum(["managed", "user_identity", "aml_token"]);
export type SparkIdentityIR = z.infer<typeof SparkIdentitySchema>;

/** One run of a Spark component: its inputs bound, its outputs declared, on an attached pool (`compute`) or serverless (`resources`). */
export const SparkStepSchema = z.object({
  kind: z.literal("spark"),
  ...stepBase,
  displayName: z.string().optional(),
  component: SparkComponentSchema,
  inputs: z.record(z.string(), ValueRefSchema),
  outputs: ComponentStepOutputsSchema,
  resources: SparkResourcesSchema.optional(),
  identity: SparkIdentitySchema.optional(),
  /** The step's own configuration: replaces the component's, as the SDK's node `conf` does. */
  conf: SparkConfSchema.optional(),
});
export type SparkStepIR = z.infer<typeof SparkStepSchema>;
