import * as z from "zod";
import { EnvironmentSchema, SourceLocationSchema } from "./base-schema.ts";

/** The model a deployment serves: a registered name and version (or `latest`); the pipeline's register step when it registers that name. */
export const ModelRefSchema = z.object({ type: z.literal("registered"), name: z.string(), version: z.string() });
export type ModelRefIR = z.infer<typeof ModelRefSchema>;

/** A scoring script with `init()` and `run(data)`, its folder (relative to the pipeline file) and environment. */
export const ScoringSchema = z.object({ code: z.string(), script: z.string(), environment: EnvironmentSchema });

/** Azure's probe settings, in seconds. */
export const ProbeSchema = z.object({
  initialDelaySeconds: z.number().optional(),
  periodSeconds: z.number().optional(),
  timeoutSeconds: z.number().optional(),
  failureThreshold: z.number().optional(),
  successThreshold: z.number().optional(),
});
export type ProbeIR = z.infer<typeof ProbeSchema>;

const deploymentBase = {
  name: z.string(),
  model: ModelRefSchema,
  /** Absent for a no-code deployment of an MLflow model. */
  scoring: ScoringSchema.optional(),
  environmentVariables: z.record(z.string(), z.string()).optional(),
  definedAt: SourceLocationSchema,
};

export const OnlineDeploymentSchema = z.object({
  ...deploymentBase,
  instanceType: z.string(),
  instanceCount: z.number(),
  /** Percent of the endpoint's traffic (0–100). */
  traffic: z.number(),
  requestSettings: z
    .object({ requestTimeoutMs: z.number().optional(), maxConcurrentRequestsPerInstance: z.number().optional(), maxQueueWaitMs: z.number().optional() })
    .optional(),
  livenessProbe: ProbeSchema.optional(),
  readinessProbe: ProbeSchema.optional(),
});
export type OnlineDeploymentIR = z.infer<typeof OnlineDeploymentSchema>;

export const BatchDeploymentSchema = z.object({
  ...deploymentBase,
  compute: z.string(),
  instanceCount: z.number(),
  maxConcurrencyPerInstance: z.number().optional(),
  miniBatchSize: z.number().optional(),
  outputAction: z.enum(["append_row", "summary_only"]).optional(),
  outputFileName: z.string().optional(),
  /** Failed items (or files) tolerated before the job fails; -1 tolerates all. */
  errorThreshold: z.number().optional(),
  retry: z.object({ maxRetries: z.number().optional(), timeoutSeconds: z.number().optional() }).optional(),
  loggingLevel: z.enum(["info", "warning", "debug"]).optional(),
});
export type BatchDeploymentIR = z.infer<typeof BatchDeploymentSchema>;

const endpointBase = { name: z.string(), description: z.string().optional(), tags: z.record(z.string(), z.string()), definedAt: SourceLocationSchema };

/** An endpoint attached to the pipeline (or declared on its own) with its deployments. */
export const EndpointSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("online"), ...endpointBase, authMode: z.enum(["key", "aml_token"]), deployments: z.array(OnlineDeploymentSchema) }),
  z.object({ type: z.literal("batch"), ...endpointBase, defaultDeployment: z.string().optional(), deployments: z.array(BatchDeploymentSchema) }),
]);
export type EndpointIR = z.infer<typeof EndpointSchema>;
