import { stableStringify } from "../hash/content-version.ts";
import type { ExecutionPlan, ScheduleSpec } from "../plan/execution-plan.ts";

export type { ScheduleSpec };

/** The plan's schedules, sorted by name. */
export function scheduleSpecs(model: ExecutionPlan): ScheduleSpec[] {
  return model.schedules;
}

/** REST trigger (`CronTrigger` / `RecurrenceTrigger`, api 2022-10-01): enum casing, `T` in times. */
function restTrigger(s: ScheduleSpec): Record<string, unknown> {
  const common = { startTime: s.startTime, endTime: s.endTime, timeZone: s.timeZone };
  if (s.trigger.type === "cron") return { triggerType: "Cron", expression: s.trigger.expression, ...common };
  const t = s.trigger;
  const calendar = t.hours.length > 0 || t.minutes.length > 0 || t.weekDays !== undefined || t.monthDays !== undefined;
  return {
    triggerType: "Recurrence",
    frequency: t.frequency,
    interval: t.interval,
    schedule: calendar ? { hours: t.hours, minutes: t.minutes, weekDays: t.weekDays, monthDays: t.monthDays } : undefined,
    ...common,
  };
}

/**
 * The body of `PUT …/schedules/{name}`: its action creates the pipeline job whose `properties`
 * are given (component ids already resolved by the caller, or placeholders when compiling).
 */
export function emitScheduleBody(s: ScheduleSpec, jobProperties: Record<string, unknown>): Record<string, unknown> {
  return {
    properties: {
      action: { actionType: "CreateJob", jobDefinition: jobProperties },
      description: s.description,
      displayName: s.name,
      isEnabled: s.enabled,
      properties: {},
      tags: s.tags,
      trigger: restTrigger(s),
    },
  };
}

export function scheduleJson(s: ScheduleSpec, jobProperties: Record<string, unknown>): string {
  return `${stableStringify(emitScheduleBody(s, jobProperties), 2)}\n`;
}
