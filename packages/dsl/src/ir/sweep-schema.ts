import * as z from "zod";
import { LiteralSchema } from "./base-schema.ts";

/** One hyperparameter's distribution, in the CLI v2 YAML's terms (`choice` values, `uniform` bounds, …). */
export const HyperparameterSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("choice"), values: z.array(LiteralSchema) }),
  z.object({ type: z.literal("randint"), upper: z.number() }),
  z.object({ type: z.enum(["uniform", "loguniform"]), min: z.number(), max: z.number() }),
  z.object({ type: z.enum(["quniform", "qloguniform"]), min: z.number(), max: z.number(), q: z.number() }),
  z.object({ type: z.enum(["normal", "lognormal"]), mu: z.number(), sigma: z.number() }),
  z.object({ type: z.enum(["qnormal", "qlognormal"]), mu: z.number(), sigma: z.number(), q: z.number() }),
]);
export type HyperparameterIR = z.infer<typeof HyperparameterSchema>;

/** How a sweep runs its trials: what it samples, what it optimizes, when it stops. */
export const SweepSettingsSchema = z.object({
  searchSpace: z.record(z.string(), HyperparameterSchema),
  sampling: z.object({ type: z.enum(["random", "grid", "bayesian"]), seed: z.number().optional(), rule: z.enum(["random", "sobol"]).optional() }),
  objective: z.object({ metric: z.string(), goal: z.enum(["minimize", "maximize"]) }),
  limits: z.object({
    maxTotalTrials: z.number().optional(),
    maxConcurrentTrials: z.number().optional(),
    timeoutSeconds: z.number().optional(),
    trialTimeoutSeconds: z.number().optional(),
  }),
  earlyTermination: z
    .object({
      policy: z.enum(["bandit", "median_stopping", "truncation_selection"]),
      slackFactor: z.number().optional(),
      slackAmount: z.number().optional(),
      evaluationInterval: z.number().optional(),
      delayEvaluation: z.number().optional(),
      truncationPercentage: z.number().optional(),
    })
    .optional(),
});
export type SweepSettingsIR = z.infer<typeof SweepSettingsSchema>;
