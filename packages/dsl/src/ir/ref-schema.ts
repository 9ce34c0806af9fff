import * as z from "zod";
import { AssetTypeSchema, LiteralSchema, SourceLocationSchema } from "./base-schema.ts";

/** How a job reads or writes data on Azure (`ro_mount`, `download`, …), as the CLI YAML spells it. */
/** How a job reads or writes data on Azure: `ro_mount`, `rw_mount`, `download`, `upload`, `direct`, `eval_mount`, `eval_download`. */
export type DataMode = "ro_mount" | "rw_mount" | "download" | "upload" | "direct" | "eval_mount" | "eval_download";
export const DataModeSchema = z.enum(["ro_mount", "rw_mount", "download", "upload", "direct", "eval_mount", "eval_download"]) satisfies z.ZodType<DataMode>;

export const ValueRefSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("literal"), value: LiteralSchema }),
  z.object({ type: z.literal("parameter"), name: z.string() }),
  /** `mode`: how this step gets the data, when it says (`readAs`). */
  z.object({ type: z.literal("input"), name: z.string(), mode: DataModeSchema.optional() }),
  z.object({ type: z.literal("data"), id: z.string(), tabular: z.boolean(), mode: DataModeSchema.optional() }),
  /**
   * Data given at the step itself (a node-level input in Azure's terms): a local path (relative
   * to the file in `base`), an `azureml:` asset or datastore URI, or a web URL.
   */
  z.object({ type: z.literal("uri"), assetType: AssetTypeSchema, uri: z.string(), base: z.string(), mode: DataModeSchema.optional() }),
]);
export type ValueRef = z.infer<typeof ValueRefSchema>;

export const ArgTokenSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), value: z.string() }),
  z.object({ type: z.literal("input"), name: z.string() }),
  z.object({ type: z.literal("output"), name: z.string() }),
]);
export type ArgToken = z.infer<typeof ArgTokenSchema>;

export const StepOutputSchema = z.object({ data: z.string() });

/**
 * Where a step runs: a compute's name, or a pipeline parameter the name is bound to (Azure's
 * `${{parent.inputs.<name>}}`). A value, not text: passes read the binding from its type, and
 * only emitters spell it.
 */
export const ComputeRefSchema = z.union([z.string(), z.object({ type: z.literal("parameter"), name: z.string() })]);
export type ComputeRef = z.infer<typeof ComputeRefSchema>;

/** What every step has: its name, where it was defined, its compute, whether Azure may reuse it. */
export const stepBase = {
  name: z.string(),
  definedAt: SourceLocationSchema,
  compute: ComputeRefSchema.optional(),
  allowReuse: z.boolean(),
  /** Steps (by name) this one starts after, though it reads nothing of theirs (`step.after(other)`). */
  after: z.array(z.string()).optional(),
};
