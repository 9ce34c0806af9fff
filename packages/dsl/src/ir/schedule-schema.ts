import * as z from "zod";
import { SourceLocationSchema } from "./base-schema.ts";

export const ScheduleTriggerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("cron"), expression: z.string() }),
  z.object({
    type: z.literal("recurrence"),
    frequency: z.string(),
    interval: z.number(),
    hours: z.array(z.number()),
    minutes: z.array(z.number()),
    weekDays: z.array(z.string()).optional(),
    monthDays: z.array(z.number()).optional(),
  }),
]);

/** A schedule attached to the pipeline; names and values are checked by the compiler. */
export const ScheduleSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  trigger: ScheduleTriggerSchema,
  timeZone: z.string(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  enabled: z.boolean(),
  tags: z.record(z.string(), z.string()),
  definedAt: SourceLocationSchema,
});
export type ScheduleIR = z.infer<typeof ScheduleSchema>;
