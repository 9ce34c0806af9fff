import * as z from "zod";
import { EnvironmentSchema } from "./base-schema.ts";
import { StepOutputSchema, stepBase, ValueRefSchema } from "./ref-schema.ts";

export const RegisterModelStepSchema = z.object({
  kind: z.literal("register"),
  ...stepBase,
  model: ValueRefSchema,
  modelName: ValueRefSchema,
  description: z.string().optional(),
  tags: z.record(z.string(), z.string()),
  environment: EnvironmentSchema.optional(),
  /** Register only a model whose recorded metric beats the newest version's. */
  onlyIfBetter: z.object({ metric: z.string().optional(), goal: z.enum(["maximize", "minimize"]) }).optional(),
  /** The model as registered (its files and which version holds them), for a deploy step. Optional so older IR stays valid. */
  outputs: z.object({ registered_model: StepOutputSchema }).optional(),
});
export type RegisterModelStepIR = z.infer<typeof RegisterModelStepSchema>;

/**
 * Metrics a deploy step can compute on a held-out set from the predictions of both models (the
 * serving one answers through its scoring contract, which returns predictions, not scores), and
 * whether higher is better.
 */
export const HELD_OUT_METRICS = {
  /** Share of rows predicted right. */
  accuracy: "maximize",
  /** Recall averaged over classes, so a rare class counts as much as a common one. */
  balanced_accuracy: "maximize",
  /** F1 averaged over classes, unweighted. */
  f1_score_macro: "maximize",
  /** F1 averaged over classes, weighted by each class's rows. */
  f1_score_weighted: "maximize",
  /** Precision averaged over classes, weighted by rows. */
  precision_score_weighted: "maximize",
  /** Recall averaged over classes, weighted by rows. */
  recall_score_weighted: "maximize",
  /** Coefficient of determination (regression). */
  r2_score: "maximize",
  /** Mean absolute error (regression). */
  mean_absolute_error: "minimize",
  /** Root mean squared error (regression). */
  root_mean_squared_error: "minimize",
  /** RMSE divided by the range of the true values (regression), as AutoML reports it. */
  normalized_root_mean_squared_error: "minimize",
} as const;
/** A metric a deploy step compares models on: classification (accuracy, F1, …) or regression (R², errors). */
export type HeldOutMetric = keyof typeof HELD_OUT_METRICS;

export const DeployModelStepSchema = z.object({
  kind: z.literal("deploy"),
  ...stepBase,
  /** A register step's `registered_model` output: the files, and the version that holds them. */
  model: ValueRefSchema,
  /** The online endpoint (declared in the pipeline's endpoints) and the deployment to update. */
  endpoint: z.string(),
  deployment: z.string(),
  environment: EnvironmentSchema.optional(),
  /** Update only when the new model beats the serving one on this held-out set. */
  onlyIfBetter: z
    .object({
      heldOut: ValueRefSchema,
      labelColumn: z.string(),
      metric: z.string(),
      goal: z.enum(["maximize", "minimize"]),
    })
    .optional(),
});
export type DeployModelStepIR = z.infer<typeof DeployModelStepSchema>;
