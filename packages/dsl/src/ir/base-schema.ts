import * as z from "zod";

// The IR's building blocks every other part uses: where a definition is, literal and asset types,
// environments.

export const SourceLocationSchema = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
});
export type SourceLocation = z.infer<typeof SourceLocationSchema>;

export const ParameterTypeSchema = z.enum(["string", "number", "boolean", "integer"]);
export type ParameterType = z.infer<typeof ParameterTypeSchema>;
export const LiteralSchema = z.union([z.string(), z.number(), z.boolean()]);
export type Literal = z.infer<typeof LiteralSchema>;

export const AssetTypeSchema = z.enum(["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"]);
export type AssetType = z.infer<typeof AssetTypeSchema>;

export const EnvironmentSchema = z.discriminatedUnion("type", [
  /** A registered environment by version, or by a label Azure resolves (`@prod`); `@latest` is version "latest", pinned at deploy time. */
  z.object({ type: z.literal("registered"), name: z.string(), version: z.string(), label: z.string().optional() }),
  /** An environment Azure resolves from a URI (`azureml://registries/…/labels/latest`). */
  z.object({ type: z.literal("uri"), uri: z.string() }),
  z.object({
    type: z.literal("image"),
    image: z.string(),
    condaFile: z.string().optional(),
    /** Registered under this name (and version, else one derived from its content) instead of anonymously. */
    name: z.string().optional(),
    version: z.string().optional(),
    definedAt: SourceLocationSchema,
  }),
  /** A Docker build context (a folder, relative to `definedAt`'s file) Azure builds the image from. */
  z.object({
    type: z.literal("build"),
    path: z.string(),
    dockerfile: z.string().optional(),
    name: z.string().optional(),
    version: z.string().optional(),
    definedAt: SourceLocationSchema,
  }),
]);
export type EnvironmentIR = z.infer<typeof EnvironmentSchema>;
