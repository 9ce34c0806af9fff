import { STANDALONE_JOB_KINDS } from "@sluice/dsl/ir";
import * as z from "zod";
import type { RunRecord } from "./run-record.ts";

// What a `run.json` must hold for the CLI and the run page to use it. Objects are loose: a field
// a newer Sluice adds survives a read and a rewrite by this one.

const Value = z.union([z.string(), z.number(), z.boolean()]);

const TrialSchema = z.looseObject({
  id: z.string(),
  params: z.record(z.string(), Value),
  metric: z.number().nullable(),
  status: z.enum(["completed", "failed", "terminated", "timed_out", "canceled", "running", "queued"]),
  reused: z.boolean(),
  durationSeconds: z.number().nullable().optional(),
  error: z.string().optional(),
});

const StepSchema = z.looseObject({
  name: z.string(),
  node: z.string().min(1),
  status: z.enum(["queued", "running", "completed", "failed", "skipped", "cancelled"]),
  reused: z.boolean(),
  durationMs: z.number().nullable(),
  exitCode: z.number().nullable().optional(),
  reason: z.string().optional(),
  fingerprint: z.string().optional(),
  reusedFrom: z.string().optional(),
  trials: z.array(TrialSchema).optional(),
  best: z
    .looseObject({ id: z.string(), params: z.record(z.string(), Value), metric: z.number() })
    .nullable()
    .optional(),
  batch: z
    .looseObject({
      miniBatches: z.number(),
      completed: z.number(),
      failed: z.number(),
      files: z.number(),
      failedFiles: z.number(),
      rows: z.number(),
    })
    .optional(),
  // Records written before steps kept their warnings have none.
  warnings: z.array(z.string()).optional(),
  bypassed: z.boolean().optional(),
  control: z.boolean().optional(),
});

const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");

/** A stored run record; `id` must also be the record's folder name (checked by the store). */
export const RunRecordSchema: z.ZodType<RunRecord> = z.looseObject({
  id: z.string().min(1),
  pipeline: z.string(),
  backend: z.enum(["local", "azure"]),
  azure: z
    .looseObject({
      subscriptionId: z.string(),
      resourceGroup: z.string(),
      workspaceName: z.string(),
      jobName: z.string(),
      jobType: z.enum([...STANDALONE_JOB_KINDS, "batch"]).optional(),
    })
    .optional(),
  status: z.enum(["running", "completed", "failed", "cancelled", "interrupted"]),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  pid: z.number().int(),
  pipelineFile: z.string(),
  params: z.record(z.string(), z.string()),
  steps: z.array(StepSchema),
  outputs: z.record(z.string(), z.looseObject({ node: z.string(), output: z.string(), type: z.string() })),
});
